// TF.js LayersModel files: model.json (the Keras topology as tf.keras 2 wrote it, which TF.js
// 4.22 reads, plus the weights manifest) and one binary shard of float32 weights in manifest
// order. A plain stack is a Sequential; anything with named outputs, merges or residual
// blocks a functional Model whose layers list what they read (inbound_nodes).
import type { CheckedModel } from "../../check/checked.ts";
import type { FeatureStep } from "../../runtime/data.ts";
import { toKerasGraph, type KerasGraph, type KerasNode, type NamedWeights } from "../keras/keras-graph.ts";

export const WEIGHTS_SHARD = "group1-shard1of1.bin";

function layerConfig(node: KerasNode, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: node.name, trainable: true, dtype: "float32", ...extra, ...node.config };
}

function topology(graph: KerasGraph): Record<string, unknown> {
  const batchShape = [null, ...graph.input.shape];
  const common = { keras_version: "tfjs-layers 4.22.0", backend: "tensor_flow.js" };
  if (graph.sequential) {
    const layers = graph.nodes.map((node, i) => ({
      class_name: node.className,
      config: layerConfig(node, i === 0 ? { batch_input_shape: batchShape } : {}),
    }));
    return { class_name: "Sequential", config: { name: graph.name, layers }, ...common };
  }
  const input = {
    name: graph.input.name,
    class_name: "InputLayer",
    config: { batch_input_shape: batchShape, dtype: "float32", sparse: false, name: graph.input.name },
    inbound_nodes: [],
  };
  const layers = graph.nodes.map((node) => ({
    name: node.name,
    class_name: node.className,
    config: layerConfig(node),
    inbound_nodes: [node.inbound.map((name) => [name, 0, 0, {}])],
  }));
  const config = {
    name: graph.name,
    layers: [input, ...layers],
    input_layers: [[graph.input.name, 0, 0]],
    output_layers: [[graph.output, 0, 0]],
  };
  return { class_name: "Model", config, ...common };
}

/** model.json and its weights shard, by file name. */
export function tfjsFiles(model: CheckedModel, weights: NamedWeights, preprocess: readonly FeatureStep[] = []): Map<string, Uint8Array> {
  const graph = toKerasGraph(model, weights, "tfjs", preprocess);
  const entries = graph.nodes.flatMap((node) => node.weights.map((w) => ({ name: `${node.name}/${w.place.tfjs}`, ...w })));
  const bytes = new Uint8Array(entries.reduce((sum, e) => sum + e.data.byteLength, 0));
  let offset = 0;
  for (const { data } of entries) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    offset += data.byteLength;
  }
  const manifest = [
    { paths: [WEIGHTS_SHARD], weights: entries.map((e) => ({ name: e.name, shape: [...e.place.shape], dtype: "float32" })) },
  ];
  const json = { format: "layers-model", generatedBy: "dl", convertedBy: null, modelTopology: topology(graph), weightsManifest: manifest };
  return new Map([
    ["model.json", new TextEncoder().encode(JSON.stringify(json, null, 1) + "\n")],
    [WEIGHTS_SHARD, bytes],
  ]);
}
