// `dl import` of TF.js models and the round trip: an exported model.json imports back into a
// program whose summary and parameter count equal the original's (a residual block comes back
// as named outputs joined by `add`: same parameters, same predictions) and whose imported
// weights, loaded through dl's own `loadWeights`, predict what the original predicts. A model
// built and saved by TF.js itself, the real producer, imports and predicts what TF.js predicts.
// Layers dl cannot hold are all listed with their Keras classes.
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../../interpreter/backends/cpu/cpu-backend.ts";
import type { CheckedModel } from "../../../../interpreter/check/checked.ts";
import { ImportRefused, programFromKeras } from "../../../../interpreter/engines/keras/import-model.ts";
import { readModelJson } from "../../../../interpreter/engines/tfjs/read-model-json.ts";
import { tfjsFiles, WEIGHTS_SHARD } from "../../../../interpreter/engines/tfjs/model-json.ts";
import { predict } from "../../../../interpreter/runtime/evaluate.ts";
import { ModelRuntime } from "../../../../interpreter/runtime/model-runtime.ts";
import { loadWeights } from "../../../../interpreter/runtime/weights.ts";
import { countParams, summarize } from "../../../../interpreter/summary.ts";
import { build, dlPredictions, inputs, maxAbsDifference, sources } from "./models.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-import-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Predictions of an imported model with its imported weights, loaded as `dl predict` loads them. */
async function importedPredictions(model: CheckedModel, weights: Uint8Array, x: Float32Array, name: string): Promise<Float32Array> {
  const path = join(tmp, `${name}.safetensors`);
  writeFileSync(path, weights);
  const runtime = new ModelRuntime(new CpuBackend(), model, { name: "mean_squared_error", config: {} }, 0);
  loadWeights(runtime, path);
  return predict(runtime, {
    features: x,
    featureShape: [...model.inputShape],
    labels: new Float32Array(0),
    labelShape: [],
    count: x.length / model.inputShape.reduce((a, b) => a * b, 1),
  });
}

for (const name of ["mnist_mlp", "mnist_cnn", "conv_batchnorm", "lstm", "graph", "residual"]) {
  test(`${name}: export to TF.js, import back: same summary and parameters, same predictions`, async () => {
    const built = await build(sources[name]!);
    const files = tfjsFiles(built.model, built.weights);
    const { topology, lookup } = readModelJson(new TextDecoder().decode(files.get("model.json")!), (path) => files.get(path)!);
    const imported = await programFromKeras(topology, lookup, `${name}.safetensors`);
    assert.equal(countParams(imported.model.nodes), countParams(built.model.nodes));
    if (name === "residual") assert.match(imported.source, /layer add /);
    else assert.fixture(summarize(imported.model), summarize(built.model));
    const x = inputs(built.model);
    const difference = maxAbsDifference(
      await importedPredictions(imported.model, imported.weights, x, name),
      await dlPredictions(built, x),
    );
    console.log(`  round trip ${name}: max abs difference ${difference.toExponential(2)}`);
    assert.ok(difference <= 1e-6, `${difference}`);
  });
}

test("the imported program is formatted dl with a load statement", async () => {
  const built = await build(sources["graph"]!);
  const files = tfjsFiles(built.model, built.weights);
  const { topology, lookup } = readModelJson(new TextDecoder().decode(files.get("model.json")!), (path) => files.get(path)!);
  const imported = await programFromKeras(topology, lookup, "graph.safetensors");
  assert.fixture(
    imported.source,
    `model graph {
  input 4 as x
  layer dense 16 relu as a
  layer dense 8 tanh from x as b
  layer concat a b as joined
  layer dense 16 relu from joined as c
  layer add c a
  layer dropout 0.2
  layer dense 3 softmax
}

load graph "graph.safetensors"
`,
  );
});

/** What TF.js's model.save hands an IOHandler, as model.json and its one shard. */
async function savedByTfjs(model: tf.LayersModel): Promise<{ json: string; bin: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save({
    save: async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    },
  });
  const json = JSON.stringify({
    modelTopology: artifacts!.modelTopology,
    weightsManifest: [{ paths: ["w.bin"], weights: artifacts!.weightSpecs }],
  });
  return { json, bin: new Uint8Array(artifacts!.weightData as ArrayBuffer) };
}

test("a model built and saved by TF.js imports and predicts what TF.js predicts", async () => {
  const model = tf.sequential();
  model.add(tf.layers.reshape({ targetShape: [6, 6, 1], inputShape: [36] }));
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: "relu", padding: "same" }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.reshape({ targetShape: [9, 3] }));
  model.add(tf.layers.lstm({ units: 4, recurrentActivation: "sigmoid", returnSequences: true }));
  model.add(
    tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, recurrentActivation: "sigmoid" }) as tf.RNN, mergeMode: "concat" }),
  );
  model.add(tf.layers.dense({ units: 4, activation: "softmax" }));
  const { json, bin } = await savedByTfjs(model);
  const { topology, lookup } = readModelJson(json, () => bin);
  const imported = await programFromKeras(topology, lookup);
  assert.match(imported.source, /layer bidirectional lstm 3 tanh/);
  assert.is(countParams(imported.model.nodes).total, model.countParams());
  const x = inputs(imported.model);
  const expected = await (model.predict(tf.tensor(x, [100, 36])) as tf.Tensor).data();
  const difference = maxAbsDifference(await importedPredictions(imported.model, imported.weights, x, "from-tfjs"), expected);
  console.log(`  import from TF.js: max abs difference ${difference.toExponential(2)}`);
  assert.ok(difference <= 1e-5, `${difference}`);
});

test("layers dl cannot hold are all listed with their Keras classes", async () => {
  const model = tf.sequential();
  model.add(tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, inputShape: [4, 4, 1] }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.reshape({ targetShape: [8, 8] }));
  model.add(tf.layers.gru({ units: 2, recurrentActivation: "sigmoid" }));
  const { json, bin } = await savedByTfjs(model);
  const { topology, lookup } = readModelJson(json, () => bin);
  try {
    await programFromKeras(topology, lookup);
    assert.unreachable("imported layers dl does not have");
  } catch (error) {
    assert.instance(error, ImportRefused);
    assert.equal(
      (error as ImportRefused).layers.map((l) => l.className),
      ["Conv2DTranspose", "GRU"],
    );
    assert.match((error as ImportRefused).layers[1]!.reason, /reset_after/);
  }
});

test.run();
