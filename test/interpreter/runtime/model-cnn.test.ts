// Whole-model conformance of a CNN (Conv2D same relu → MaxPooling2D → Flatten → Dense softmax,
// plain SGD) through parse, check and build, and a save → load round trip of a small CNN that
// uses every spatial layer.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "../../../interpreter/api.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { predict } from "../../../interpreter/runtime/evaluate.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { loadWeights, saveWeights } from "../../../interpreter/runtime/weights.ts";
import type { Dataset } from "../../../stdlib/datasets/dataset.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { compile, replayModelCase } from "./helpers.ts";

const ref = loadCase("model_cnn_sgd");
const source = `model cnn {
  input 6 6 1
  layer conv2d 4 relu kernel=3 padding=same
  layer maxpool2d 2
  layer flatten
  layer dense 3 softmax
}
`;

test("model_cnn_sgd: the real model, loss before each step, softmax of batch 0, weights after every SGD step", async () => {
  assert.equal(ref.config["input_shape"], [6, 6, 1]);
  const model = compile(source).checked.models.get("cnn")!;
  const loss = ref.config["loss"] as { name: string; from_logits: boolean };
  const runtime = await build(model, {
    backend: new CpuBackend(),
    loss: { name: loss.name, config: { from_logits: loss.from_logits } },
    seed: 0,
  });
  assert.equal(
    runtime.weights.map((w) => w.name),
    Object.keys(ref.params),
  );
  for (const [name, tensor] of Object.entries(ref.params)) {
    const weight = runtime.weights.find((w) => w.name === name)!;
    assert.equal([...weight.spec.shape], tensor.shape, `${name} shape`);
    runtime.backend.write(weight.tensor, tensor.data);
  }
  const opt = ref.config["optimizer"] as { learning_rate: number; momentum: number };
  assert.is(opt.momentum, 0);
  const optimizer = createOptimizer(
    runtime.backend,
    "sgd",
    { learning_rate: opt.learning_rate },
    runtime.trainable.map((w) => w.tensor),
  );

  const afterStep = ref.expected["params_after_step"] as Record<string, { data: number[] }>[];
  assert.is((ref.inputs["batches"] as unknown[]).length, 2);
  await replayModelCase(runtime, optimizer, ref, async (k) => {
    for (const [name, tensor] of Object.entries(afterStep[k]!)) {
      const weight = runtime.weights.find((w) => w.name === name)!;
      assertClose(await runtime.backend.read(weight.tensor), tensor.data, `params_after_step[${k}] ${name}`);
    }
  });
  const final = ref.expected["params_final"] as Record<string, { data: number[] }>;
  let moved = 0;
  for (const [name, tensor] of Object.entries(final)) {
    const weight = runtime.weights.find((w) => w.name === name)!;
    const values = await runtime.backend.read(weight.tensor);
    assertClose(values, tensor.data, `params_final ${name}`);
    moved += tensor.data.filter((v, i) => Math.abs(v - ref.params[name]!.data[i]!) > 1e-4).length;
  }
  assert.ok(moved > 20, `only ${moved} weights changed by more than the tolerance`);
});

const small = `model net {
  input 9 7 2
  layer zeropadding2d [1, 2]
  layer conv2d 4 relu kernel=[3, 2] strides=2 padding=same
  layer upsampling2d [2, 1]
  layer avgpool2d 3 strides=2 padding=same
  layer conv2d 3 tanh kernel=2 dilation=[1, 2]
  layer maxpool2d 2 padding=same
  layer global_avgpool2d
  layer dense 3 softmax
}
`;

test("save → load → predict: a small CNN with every spatial layer gives the same predictions to the bit", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "dl-cnn-"));
  const model = compile(small).checked.models.get("net")!;
  const lossChoice = { name: "sparse_categorical_crossentropy", config: { from_logits: false } };
  const random = new Random(3);
  const count = 10;
  const data: Dataset = {
    features: Float32Array.from({ length: count * 9 * 7 * 2 }, () => random.uniform()),
    featureShape: [9, 7, 2],
    labels: Float32Array.from({ length: count }, (_, i) => i % 3),
    labelShape: [],
    count,
  };
  const trained = new ModelRuntime(new CpuBackend(), model, lossChoice, 1);
  const optimizer = createOptimizer(
    trained.backend,
    "sgd",
    { learning_rate: 0.5 },
    trained.trainable.map((w) => w.tensor),
  );
  const executor = trained.executor(count, 0);
  trained.backend.write(executor.x.tensor, data.features);
  trained.backend.write(executor.y.tensor, data.labels);
  for (let step = 0; step < 3; step++) {
    executor.plan.forward();
    executor.plan.backward();
    optimizer.step(executor.grads);
  }
  const before = await predict(trained, data, 4);
  const path = join(tmp, "cnn.safetensors");
  await saveWeights(trained, path, { model: "net", source: small, loss: lossChoice, metrics: [], preprocess: [] });

  const fresh = new ModelRuntime(new CpuBackend(), model, lossChoice, 2);
  assert.not.equal(await predict(fresh, data, 4), before, "a different seed starts from different weights");
  loadWeights(fresh, path);
  assert.equal(await predict(fresh, data, 4), before);
  rmSync(tmp, { recursive: true, force: true });
});

test.run();
