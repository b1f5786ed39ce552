// batchnorm (moving statistics, as at evaluation) and layernorm, in dl's order of operations:
// y = (x - mean) * invStd * gamma + beta over the last axis. ONNX's BatchNormalization wants
// channels first and LayerNormalization needs opset 17, so both are written out.
import type { CheckedLayer } from "../../check/checked.ts";
import { int, ints, type GraphBuilder } from "./graph-builder.ts";
import type { LayerWeights } from "./layer-weights.ts";

export function batchnorm(graph: GraphBuilder, layer: CheckedLayer, x: string, weights: LayerWeights): string {
  const epsilon = Number(layer.config["epsilon"]);
  const variance = weights.get("moving_variance");
  const invStd = Float32Array.from(variance.data, (v) => 1 / Math.sqrt(v + epsilon));
  const centered = graph.op("Sub", [x, weights.initializer(graph, "moving_mean")]);
  const normalized = graph.op("Mul", [centered, graph.floats("inv_std", variance.shape, invStd)]);
  return graph.op("Add", [graph.op("Mul", [normalized, weights.initializer(graph, "gamma")]), weights.initializer(graph, "beta")]);
}

export function layernorm(graph: GraphBuilder, layer: CheckedLayer, x: string, weights: LayerWeights): string {
  const mean = graph.op("ReduceMean", [x], { axes: ints([-1]), keepdims: int(1) });
  const centered = graph.op("Sub", [x, mean]);
  const variance = graph.op("ReduceMean", [graph.op("Mul", [centered, centered])], { axes: ints([-1]), keepdims: int(1) });
  const std = graph.op("Sqrt", [graph.op("Add", [variance, graph.scalar("epsilon", Number(layer.config["epsilon"]))])]);
  const normalized = graph.op("Mul", [centered, graph.op("Reciprocal", [std])]);
  return graph.op("Add", [graph.op("Mul", [normalized, weights.initializer(graph, "gamma")]), weights.initializer(graph, "beta")]);
}
