// config.json of a Keras 3 `.keras` file: the model serialized as keras.saving does it, a
// Sequential (an InputLayer first) for a plain stack, else a Functional whose layers record
// their calls (inbound_nodes of __keras_tensor__ arguments). Every layer carries its
// build_config, so Keras creates its weights before it reads model.weights.h5.
import type { KerasGraph, KerasNode } from "./keras-graph.ts";

const batch = (shape: readonly number[]) => [null, ...shape];

function buildConfig(node: KerasNode): Record<string, unknown> {
  if (node.className === "MultiHeadAttention") {
    return { query_shape: batch(node.inputShapes[0]!), value_shape: batch(node.inputShapes[0]!) };
  }
  return { input_shape: node.inputShapes.length === 1 ? batch(node.inputShapes[0]!) : node.inputShapes.map(batch) };
}

function layer(node: KerasNode): Record<string, unknown> {
  return {
    module: "keras.layers",
    class_name: node.className,
    config: { name: node.name, trainable: true, dtype: "float32", ...node.config },
    registered_name: null,
    build_config: buildConfig(node),
  };
}

function inputLayer(graph: KerasGraph): Record<string, unknown> {
  const config = { batch_shape: batch(graph.input.shape), dtype: "float32", sparse: false, name: graph.input.name };
  return { module: "keras.layers", class_name: "InputLayer", config, registered_name: null };
}

export function keras3Config(graph: KerasGraph): Record<string, unknown> {
  const input = inputLayer(graph);
  if (graph.sequential) {
    return {
      module: "keras",
      class_name: "Sequential",
      config: { name: graph.name, trainable: true, dtype: "float32", layers: [input, ...graph.nodes.map(layer)] },
      registered_name: null,
      build_config: { input_shape: batch(graph.input.shape) },
    };
  }
  const shapes = new Map<string, readonly number[]>([
    [graph.input.name, graph.input.shape],
    ...graph.nodes.map((n) => [n.name, n.outputShape] as const),
  ]);
  const tensor = (name: string) => ({
    class_name: "__keras_tensor__",
    config: { shape: batch(shapes.get(name)!), dtype: "float32", keras_history: [name, 0, 0] },
  });
  const merge = (node: KerasNode) => node.className === "Add" || node.className === "Concatenate";
  const layers = [
    { ...input, name: graph.input.name, inbound_nodes: [] },
    ...graph.nodes.map((node) => ({
      ...layer(node),
      name: node.name,
      // Merges take one list argument; attention takes query and value; the rest one tensor.
      inbound_nodes: [{ args: merge(node) ? [node.inbound.map(tensor)] : node.inbound.map(tensor), kwargs: node.call }],
    })),
  ];
  return {
    module: "keras.src.models.functional",
    class_name: "Functional",
    config: { name: graph.name, trainable: true, layers, input_layers: [[graph.input.name, 0, 0]], output_layers: [[graph.output, 0, 0]] },
    registered_name: "Functional",
    build_config: { input_shape: null },
  };
}
