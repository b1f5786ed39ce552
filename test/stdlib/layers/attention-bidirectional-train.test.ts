// attention and bidirectional inside .dl models: a few Adam steps lower the loss without
// allocating, and saved weights load into a fresh model that then predicts the same, bit for bit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { loadWeights, saveWeights } from "../../../interpreter/runtime/weights.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { compile, CountingBackend } from "../../interpreter/runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-seq-layers-"));
const [BATCH, STEPS] = [16, 6];
const loss = { name: "sparse_categorical_crossentropy", config: {} };

const source = (layers: string) => `model net {
  input ${STEPS} 2
${layers}
  layer flatten
  layer dense 2 softmax
}
`;

/** Sequences labelled 1 when their first feature sums to more than zero. */
const x = Float32Array.from({ length: BATCH * STEPS * 2 }, (_, i) => Math.sin(1.7 * i + 0.3 * (i % 5)));
const y = Float32Array.from({ length: BATCH }, (_, b) => {
  let sum = 0;
  for (let t = 0; t < STEPS; t++) sum += x[(b * STEPS + t) * 2]!;
  return sum > 0 ? 1 : 0;
});

const runtimeOf = (text: string, seed: number) =>
  new ModelRuntime(new CountingBackend(), compile(text).checked.models.get("net")!, loss, seed);

async function predictions(runtime: ModelRuntime): Promise<Float32Array> {
  const executor = runtime.executor(BATCH, 1);
  runtime.backend.write(executor.x.tensor, x);
  runtime.backend.write(executor.y.tensor, y);
  executor.plan.forward();
  return runtime.backend.read(executor.output.tensor);
}

const cases: [string, string, string[]][] = [
  [
    "attention",
    "  layer attention 2 4 causal=true",
    [
      "query_kernel",
      "query_bias",
      "key_kernel",
      "key_bias",
      "value_kernel",
      "value_bias",
      "attention_output_kernel",
      "attention_output_bias",
    ],
  ],
  [
    "bidirectional lstm",
    "  layer bidirectional lstm 4 return_sequences=true",
    ["forward_kernel", "forward_recurrent_kernel", "forward_bias", "backward_kernel", "backward_recurrent_kernel", "backward_bias"],
  ],
  [
    "bidirectional gru (sum)",
    "  layer bidirectional gru 3 relu merge=sum",
    ["forward_kernel", "forward_recurrent_kernel", "forward_bias", "backward_kernel", "backward_recurrent_kernel", "backward_bias"],
  ],
];

for (const [what, layers, names] of cases) {
  test(`${what}: Adam lowers the loss without allocating, and save → load predicts the same`, async () => {
    const text = source(layers);
    const runtime = runtimeOf(text, 3);
    const kind = layers.trim().split(" ")[1]!;
    assert.equal(
      runtime.weights.filter((w) => w.name.startsWith(`${kind}/`)).map((w) => w.name),
      names.map((n) => `${kind}/${n}`),
    );
    const backend = runtime.backend as CountingBackend;
    const executor = runtime.executor(BATCH, 1);
    backend.write(executor.x.tensor, x);
    backend.write(executor.y.tensor, y);
    const optimizer = createOptimizer(
      backend,
      "adam",
      { learning_rate: 0.02 },
      runtime.trainable.map((w) => w.tensor),
    );
    const losses: number[] = [];
    const allocated = backend.allocations;
    for (let step = 0; step < 40; step++) {
      executor.plan.forward();
      executor.plan.backward();
      optimizer.step(executor.grads);
      if (step === 0 || step === 39) losses.push((await backend.read(executor.loss.tensor))[0]!);
    }
    assert.is(backend.allocations, allocated, "training steps allocate nothing");
    assert.ok(losses[1]! < 0.5 * losses[0]!, `loss ${losses[0]} → ${losses[1]}`);

    const path = join(tmp, `${kind}.safetensors`);
    await saveWeights(runtime, path, { model: "net", source: text, loss, metrics: [], preprocess: [] });
    const before = await predictions(runtime);
    const fresh = runtimeOf(text, 99);
    assert.not.equal([...(await predictions(fresh))], [...before], "another seed starts elsewhere");
    loadWeights(fresh, path);
    assert.equal([...(await predictions(fresh))], [...before]);
  });
}

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
