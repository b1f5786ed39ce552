// Each layer kind as ONNX nodes, on tensors laid out as dl's: batch first, channels last.
// The bigger mappings have files of their own; the rest are a few nodes each.
import { activations } from "../../../stdlib/activations/index.ts";
import { perAxis } from "../../../stdlib/layers/per-axis.ts";
import type { CheckedLayer } from "../../check/checked.ts";
import { activate } from "./activations.ts";
import { attention } from "./attention-nodes.ts";
import { int, string, type GraphBuilder } from "./graph-builder.ts";
import type { LayerWeights } from "./layer-weights.ts";
import { batchnorm, layernorm } from "./normalization-nodes.ts";
import { recurrent } from "./recurrent-nodes.ts";
import { convolution, globalPooling, pooling } from "./window-nodes.ts";

type Mapping = (graph: GraphBuilder, layer: CheckedLayer, inputs: string[], weights: LayerWeights) => string;

const withActivation =
  (mapping: Mapping): Mapping =>
  (graph, layer, inputs, weights) =>
    activate(graph, mapping(graph, layer, inputs, weights), String(layer.config["activation"]));

const mappings: Record<string, Mapping> = {
  dense: withActivation((graph, layer, [x], weights) => {
    const y = graph.op("MatMul", [x!, weights.initializer(graph, "kernel")]);
    return layer.config["use_bias"] ? graph.op("Add", [y, weights.initializer(graph, "bias")]) : y;
  }),
  conv1d: withActivation((graph, layer, [x], weights) => convolution(graph, layer, x!, weights)),
  conv2d: withActivation((graph, layer, [x], weights) => convolution(graph, layer, x!, weights)),
  ...Object.fromEntries(
    ["maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d"].map((kind) => [kind, (graph, layer, [x]) => pooling(graph, layer, x!)] as const),
  ),
  ...Object.fromEntries(
    ["global_maxpool1d", "global_maxpool2d", "global_avgpool1d", "global_avgpool2d"].map(
      (kind) => [kind, (graph, layer, [x]) => globalPooling(graph, layer, x!)] as const,
    ),
  ),
  flatten: (graph, _layer, [x]) => graph.op("Flatten", [x!], { axis: int(1) }),
  reshape: (graph, layer, [x]) => graph.op("Reshape", [x!, graph.int64s("shape", [-1, ...(layer.config["shape"] as number[])])]),
  dropout: (_graph, _layer, [x]) => x!,
  batchnorm: (graph, layer, [x], weights) => batchnorm(graph, layer, x!, weights),
  layernorm: (graph, layer, [x], weights) => layernorm(graph, layer, x!, weights),
  // dl's inputs are float32; the indices are whole numbers in them.
  embedding: (graph, _layer, [x], weights) =>
    graph.op("Gather", [weights.initializer(graph, "embeddings"), graph.op("Cast", [x!], { to: int(7) })], { axis: int(0) }),
  zeropadding2d: (graph, layer, [x]) => {
    const [rows, columns] = perAxis(layer.config["padding"], 2);
    return graph.op("Pad", [x!, graph.int64s("pads", [0, rows!, columns!, 0, 0, rows!, columns!, 0])], { mode: string("constant") });
  },
  // Nearest-neighbour upsampling exactly: each pixel broadcast into a block, then the blocks laid out.
  upsampling2d: (graph, layer, [x]) => {
    const [sh, sw] = perAxis(layer.config["size"], 2);
    const [height, width, channels] = layer.inputShape as [number, number, number];
    const spread = graph.op("Reshape", [x!, graph.int64s("spread_shape", [-1, height, 1, width, 1, channels])]);
    const blocks = graph.op("Expand", [spread, graph.int64s("block_shape", [1, 1, sh!, 1, sw!, 1])]);
    return graph.op("Reshape", [blocks, graph.int64s("shape", [-1, height * sh!, width * sw!, channels])]);
  },
  simple_rnn: (graph, layer, [x], weights) => recurrent(graph, layer, x!, weights),
  lstm: (graph, layer, [x], weights) => recurrent(graph, layer, x!, weights),
  gru: (graph, layer, [x], weights) => recurrent(graph, layer, x!, weights),
  bidirectional: (graph, layer, [x], weights) => recurrent(graph, layer, x!, weights),
  attention: (graph, layer, [x], weights) => attention(graph, layer, x!, weights),
  add: (graph, _layer, inputs) => inputs.slice(1).reduce((sum, x) => graph.op("Add", [sum, x]), inputs[0]!),
  concat: (graph, _layer, inputs) => graph.op("Concat", inputs, { axis: int(-1) }),
  ...Object.fromEntries(
    [...activations.keys()].map((name) => [name, (graph, layer, [x]) => activate(graph, x!, name, layer.config)] as const),
  ),
};

/** The layer kinds ONNX export maps. */
export const onnxKinds: readonly string[] = Object.keys(mappings);

export function layerNodes(graph: GraphBuilder, layer: CheckedLayer, inputs: string[], weights: LayerWeights): string {
  const mapping = mappings[layer.spec.name];
  if (!mapping) throw new Error(`layer ${layer.spec.name} has no ONNX mapping`);
  return mapping(graph, layer, inputs, weights);
}
