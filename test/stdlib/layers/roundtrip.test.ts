// Every runnable layer kind survives save → load: after a few training steps (so weights and
// moving statistics have moved), a fresh model with other initial weights that loads the file
// predicts exactly what the trained one did.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { Dataset } from "../../../stdlib/datasets/dataset.ts";
import { predict } from "../../../interpreter/runtime/evaluate.ts";
import { fit } from "../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { loadWeights, saveWeights } from "../../../interpreter/runtime/weights.ts";
import { layers } from "../../../stdlib/layers/index.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { compile } from "../../interpreter/runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-roundtrip-"));

/** One small model per layer kind: its input shape and the lines around the layer. */
const models: Record<string, { input: string; lines: string[]; integers?: number }> = {
  dense: { input: "6", lines: ["layer dense 4 relu"] },
  flatten: { input: "2 3", lines: ["layer flatten"] },
  reshape: { input: "6", lines: ["layer reshape 2 3", "layer flatten"] },
  dropout: { input: "6", lines: ["layer dropout 0.5"] },
  conv1d: { input: "8 3", lines: ["layer conv1d 4 relu padding=same", "layer flatten"] },
  conv2d: { input: "6 6 2", lines: ["layer conv2d 3 relu", "layer flatten"] },
  maxpool1d: { input: "8 3", lines: ["layer maxpool1d 2", "layer flatten"] },
  avgpool1d: { input: "8 3", lines: ["layer avgpool1d 2", "layer flatten"] },
  maxpool2d: { input: "6 6 2", lines: ["layer maxpool2d 2", "layer flatten"] },
  avgpool2d: { input: "6 6 2", lines: ["layer avgpool2d 2", "layer flatten"] },
  global_maxpool1d: { input: "8 3", lines: ["layer global_maxpool1d"] },
  global_avgpool1d: { input: "8 3", lines: ["layer global_avgpool1d"] },
  global_maxpool2d: { input: "6 6 2", lines: ["layer global_maxpool2d"] },
  global_avgpool2d: { input: "6 6 2", lines: ["layer global_avgpool2d"] },
  upsampling2d: { input: "3 3 2", lines: ["layer upsampling2d 2", "layer flatten"] },
  zeropadding2d: { input: "3 3 2", lines: ["layer zeropadding2d 1", "layer flatten"] },
  batchnorm: { input: "6", lines: ["layer batchnorm"] },
  layernorm: { input: "6", lines: ["layer layernorm"] },
  embedding: { input: "5", lines: ["layer embedding 10 4", "layer flatten"], integers: 10 },
  simple_rnn: { input: "5 3", lines: ["layer simple_rnn 4"] },
  lstm: { input: "5 3", lines: ["layer lstm 4 return_sequences=true", "layer flatten"] },
  gru: { input: "5 3", lines: ["layer gru 4"] },
  bidirectional: { input: "5 3", lines: ["layer bidirectional lstm 4"] },
  attention: { input: "5 4", lines: ["layer attention 2 3", "layer flatten"] },
  add: { input: "6 as x", lines: ["layer dense 6 as a", "layer add a x"] },
  concat: { input: "6 as x", lines: ["layer dense 4 as a", "layer concat a x"] },
};

function dataset(shape: number[], count: number, integers: number | undefined, seed: number): Dataset {
  const random = new Random(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const features = Float32Array.from({ length: count * size }, () => (integers ? random.int(integers) : random.normal()));
  const labels = Float32Array.from({ length: count }, () => random.int(3));
  return { features, featureShape: shape, labels, labelShape: [], count, numClasses: 3 };
}

test("every layer kind is covered here", () => {
  const kinds = [...layers.keys()];
  const activations = kinds.filter((kind) => layers.get(kind)!.keras === "Activation");
  assert.equal(
    kinds.filter((kind) => !activations.includes(kind) && !(kind in models)),
    [],
  );
});

for (const [kind, { input, lines, integers }] of Object.entries(models)) {
  test(`${kind}: save → load predicts the same, bit for bit`, async () => {
    const source = `model m {\n  input ${input}\n${[...lines, "layer dense 3 softmax"].map((l) => `  ${l}\n`).join("")}}\n`;
    const model = compile(source).checked.models.get("m")!;
    const loss = { name: "sparse_categorical_crossentropy", config: {} };
    const data = dataset([...model.inputShape], 24, integers, 7);
    const trained = new ModelRuntime(new CpuBackend(), model, loss, 1);
    await fit(trained, data, undefined, {
      optimizer: { name: "adam", config: { lr: 0.01 } },
      metrics: [],
      epochs: 2,
      batch: 8,
      seed: 1,
      shuffle: true,
    });
    const path = join(tmp, `${kind}.safetensors`);
    await saveWeights(trained, path, { model: "m", source, loss, metrics: [], preprocess: [] });
    const fresh = new ModelRuntime(new CpuBackend(), model, loss, 99);
    const before = await predict(fresh, data);
    loadWeights(fresh, path);
    const expected = await predict(trained, data);
    const after = await predict(fresh, data);
    assert.ok(
      before.some((v, i) => v !== expected[i]),
      "the fresh model starts out different",
    );
    assert.equal(Array.from(after), Array.from(expected));
  });
}

test("clean up", () => rmSync(tmp, { recursive: true, force: true }));

test.run();
