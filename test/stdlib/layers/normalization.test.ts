// batchnorm and layernorm in real models: batchnorm computes differently in training and
// inference mode, its moving statistics change only while training, and a save → load round
// trip keeps them; a layernorm model trains.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { CheckedTrain } from "../../../interpreter/check/checked.ts";
import { fitToInput, prepareData } from "../../../interpreter/runtime/data.ts";
import { evaluate, predict } from "../../../interpreter/runtime/evaluate.ts";
import { fit } from "../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { loadWeights, saveWeights } from "../../../interpreter/runtime/weights.ts";
import { compile } from "../../interpreter/runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-norm-"));

const program = (norm: string) => `model net {
  input 4
  layer dense 8 relu
  layer ${norm}
  layer dense 3 softmax
}

data flowers {
  source iris
  standardize
  validation 0.2
}

train net on flowers {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  epochs 5
  batch 16
  seed 3
}
`;

function setup(norm = "batchnorm", seed?: number) {
  const loaded = compile(program(norm));
  const train = (loaded.checked.workflow[0] as { train: CheckedTrain }).train;
  const model = loaded.checked.models.get("net")!;
  const { splits } = prepareData(loaded.checked.data.get("flowers")!, "test.dl");
  const data = fitToInput(splits, model.inputShape, "flowers");
  return { runtime: new ModelRuntime(new CpuBackend(), model, train.loss, seed ?? train.seed), train, data };
}

/** The moving mean and variance of the batchnorm layer. */
function movingStats(runtime: ModelRuntime): Promise<Float32Array[]> {
  const weights = ["batchnorm/moving_mean", "batchnorm/moving_variance"].map((name) => runtime.weights.find((w) => w.name === name)!);
  return Promise.all(weights.map((w) => runtime.backend.read(w.tensor)));
}

test("batchnorm weights: gamma and beta train, the moving statistics are state (zeros, ones)", async () => {
  const { runtime } = setup();
  assert.equal(
    runtime.weights.filter((w) => w.name.startsWith("batchnorm/")).map((w) => [w.name, w.spec.trainable]),
    [
      ["batchnorm/gamma", true],
      ["batchnorm/beta", true],
      ["batchnorm/moving_mean", false],
      ["batchnorm/moving_variance", false],
    ],
  );
  assert.ok(!runtime.trainable.some((w) => w.name.includes("moving")));
  assert.equal(await movingStats(runtime), [new Float32Array(8), new Float32Array(8).fill(1)]);
});

test("a batchnorm model computes differently in training and inference mode; only training moves the statistics", async () => {
  const { runtime, data } = setup();
  const executor = runtime.executor(16, 0);
  runtime.backend.write(executor.x.tensor, data.train.features.subarray(0, 16 * 4));
  const initial = await movingStats(runtime);

  executor.graph.training = false;
  executor.plan.forward();
  const inference = await runtime.backend.read(executor.output.tensor);
  assert.equal(await movingStats(runtime), initial, "an inference forward leaves the moving statistics alone");

  executor.graph.training = true;
  executor.plan.forward();
  const training = await runtime.backend.read(executor.output.tensor);
  const afterOne = await movingStats(runtime);
  assert.not.equal(training, inference, "batch statistics and moving statistics give different outputs");
  assert.not.equal(afterOne[0], initial[0], "a training forward moves the moving mean");
  assert.not.equal(afterOne[1], initial[1], "a training forward moves the moving variance");
  executor.plan.forward();
  assert.not.equal((await movingStats(runtime))[0], afterOne[0], "every training forward moves them again");
});

test("fit moves the moving statistics; evaluate and predict do not", async () => {
  const { runtime, data, train } = setup();
  const initial = await movingStats(runtime);
  await fit(runtime, data.train, data.validation, train);
  const trained = await movingStats(runtime);
  assert.not.equal(trained[0], initial[0]);
  assert.not.equal(trained[1], initial[1]);
  const logs = await evaluate(runtime, data.validation!, { batch: 16, metrics: ["accuracy"] });
  await predict(runtime, data.all);
  assert.equal(await movingStats(runtime), trained, "evaluation is inference mode");
  assert.ok(logs["accuracy"]! > 0.6, `accuracy ${logs["accuracy"]}`);
});

test("save → load keeps the moving statistics: a fresh model predicts exactly what the trained one did", async () => {
  const trained = setup();
  await fit(trained.runtime, trained.data.train, trained.data.validation, trained.train);
  const before = await predict(trained.runtime, trained.data.all);
  const path = join(tmp, "batchnorm.safetensors");
  await saveWeights(trained.runtime, path, {
    model: "net",
    source: program("batchnorm"),
    loss: trained.runtime.loss,
    metrics: [],
    preprocess: [],
  });

  const fresh = setup("batchnorm", 99);
  loadWeights(fresh.runtime, path);
  assert.equal(await movingStats(fresh.runtime), await movingStats(trained.runtime));
  assert.equal(await predict(fresh.runtime, fresh.data.all), before);
});

test("a layernorm model trains: the loss goes down and training equals inference", async () => {
  const { runtime, data, train } = setup("layernorm");
  const history = await fit(runtime, data.train, undefined, train);
  const losses = history.epochs.map((logs) => logs["loss"]!);
  assert.ok(losses.at(-1)! < losses[0]!, `losses ${losses}`);
  const executor = runtime.executor(16, 0);
  runtime.backend.write(executor.x.tensor, data.train.features.subarray(0, 16 * 4));
  executor.plan.forward();
  const training = await runtime.backend.read(executor.output.tensor);
  executor.graph.training = false;
  executor.plan.forward();
  executor.graph.training = true;
  assert.equal(await runtime.backend.read(executor.output.tensor), training);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
