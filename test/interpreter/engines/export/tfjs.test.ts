// TF.js LayersModel export, checked in the real consumer: each model's model.json and weights
// shard load with @tensorflow/tfjs's own tf.loadLayersModel (through an IOHandler, as Node has
// no file:// handler without tfjs-node) and predict what dl predicts on 100 inputs within 1e-5;
// a weight of the wrong shape in the manifest is refused by TF.js itself; layers TF.js lacks
// (attention, dl's reset_after GRU) are refused before anything is made.
import * as tf from "@tensorflow/tfjs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { refusals } from "../../../../interpreter/engines/keras/keras-graph.ts";
import { tfjsFiles, WEIGHTS_SHARD } from "../../../../interpreter/engines/tfjs/model-json.ts";
import { build, dlPredictions, inputs, maxAbsDifference, sources } from "./models.ts";

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** An IOHandler over exported files, as a page's fetch or Node's fs would hand them to TF.js. */
function handler(files: Map<string, Uint8Array>, edit: (json: ModelJson) => void = () => {}): tf.io.IOHandler {
  const json = JSON.parse(new TextDecoder().decode(files.get("model.json")!)) as ModelJson;
  edit(json);
  const bin = files.get(WEIGHTS_SHARD)!;
  return {
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: Uint8Array.from(bin).buffer,
    }),
  };
}

for (const name of ["mnist_mlp", "mnist_cnn", "conv_batchnorm", "lstm", "graph", "residual"]) {
  test(`${name}: tf.loadLayersModel predicts what dl predicts (1e-5)`, async () => {
    const built = await build(sources[name]!);
    assert.equal(refusals(built.model, "tfjs"), []);
    const files = tfjsFiles(built.model, built.weights);
    const model = await tf.loadLayersModel(handler(files));
    const x = inputs(built.model);
    const expected = await dlPredictions(built, x);
    const output = model.predict(tf.tensor(x, [100, ...built.model.inputShape])) as tf.Tensor;
    const actual = await output.data();
    const difference = maxAbsDifference(actual, expected);
    console.log(`  tfjs ${name}: max abs difference ${difference.toExponential(2)}`);
    assert.ok(difference <= 1e-5, `${name}: ${difference}`);
    assert.ok(Math.max(...expected.map(Math.abs)) > 0.01, "predictions are not all zero");
  });
}

test("a plain stack is a Sequential, a graph a functional Model with inbound_nodes", async () => {
  const topology = async (name: string) => {
    const built = await build(sources[name]!);
    const json = JSON.parse(new TextDecoder().decode(tfjsFiles(built.model, built.weights).get("model.json")!)) as {
      modelTopology: { class_name: string; config: { layers: { class_name: string; inbound_nodes?: unknown }[] } };
    };
    return json.modelTopology;
  };
  const mlp = await topology("mnist_mlp");
  assert.is(mlp.class_name, "Sequential");
  const graph = await topology("graph");
  assert.is(graph.class_name, "Model");
  assert.equal(graph.config.layers.find((l) => l.class_name === "Concatenate")!.inbound_nodes, [
    [
      ["a", 0, 0, {}],
      ["b", 0, 0, {}],
    ],
  ]);
});

test("a wrong weight shape in the manifest is refused by TF.js", async () => {
  const built = await build(sources["mnist_mlp"]!);
  const files = tfjsFiles(built.model, built.weights);
  const wrong = handler(files, (json) => {
    json.weightsManifest[0]!.weights[0]!.shape = [392, 256];
  });
  try {
    await tf.loadLayersModel(wrong);
    assert.unreachable("TF.js loaded a kernel of the wrong shape");
  } catch (error) {
    assert.match(String(error), /shape/i);
  }
});

test("attention, dl's GRU and a leaky_relu activation argument are refused for TF.js, with the reason", async () => {
  const attention = refusals((await build(sources["attention"]!)).model, "tfjs");
  assert.equal(
    attention.map((r) => [r.layer.name, r.reason.reason]),
    [["attention", "TF.js 4.22 has no MultiHeadAttention layer; export to ONNX or Keras instead"]],
  );
  assert.is(attention[0]!.layer.span.start.line, 3);
  const gru = refusals((await build(sources["gru"]!)).model, "tfjs");
  assert.equal(
    gru.map((r) => r.layer.name),
    ["gru"],
  );
  assert.match(gru[0]!.reason.reason, /reset_after/);
  const leaky = refusals((await build("model m {\n  input 3\n  layer dense 4 leaky_relu\n  layer leaky_relu\n}")).model, "tfjs");
  assert.equal(
    leaky.map((r) => [r.layer.name, r.reason.reason]),
    [["dense", "TF.js has no `leaky_relu` activation function; apply it as its own layer: `layer leaky_relu`"]],
  );
});

test.run();
