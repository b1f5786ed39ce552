// attention (Keras MultiHeadAttention called as mha(x, x)): per head h,
// softmax(Q_h K_h^T / sqrt(key_dim) [+ causal mask]) V_h, heads side by side, then the output
// projection. Heads are split by a Reshape to [batch, steps, heads, key_dim] and a Transpose to
// [batch, heads, steps, key_dim]; the causal mask adds -infinity above the diagonal.
import type { CheckedLayer } from "../../check/checked.ts";
import { int, ints, type GraphBuilder } from "./graph-builder.ts";
import type { LayerWeights } from "./layer-weights.ts";

export function attention(graph: GraphBuilder, layer: CheckedLayer, x: string, weights: LayerWeights): string {
  const heads = Number(layer.config["heads"]);
  const keyDim = Number(layer.config["key_dim"]);
  const steps = layer.inputShape[0]!;
  const project = (input: string, name: string) =>
    graph.op("Add", [
      graph.op("MatMul", [input, weights.initializer(graph, `${name}_kernel`)]),
      weights.initializer(graph, `${name}_bias`),
    ]);
  const split = graph.int64s("heads_shape", [0, 0, heads, keyDim]);
  const byHead = (name: string, perm: number[]) =>
    graph.op("Transpose", [graph.op("Reshape", [project(x, name), split])], { perm: ints(perm) });

  const q = byHead("query", [0, 2, 1, 3]);
  const kT = byHead("key", [0, 2, 3, 1]);
  const v = byHead("value", [0, 2, 1, 3]);
  let scores = graph.op("Mul", [graph.op("MatMul", [q, kT]), graph.scalar("scale", 1 / Math.sqrt(keyDim))]);
  if (layer.config["causal"]) {
    const mask = new Float32Array(steps * steps);
    for (let t = 0; t < steps; t++) mask.fill(-Infinity, t * steps + t + 1, (t + 1) * steps);
    scores = graph.op("Add", [scores, graph.floats("causal_mask", [steps, steps], mask)]);
  }
  const probabilities = graph.op("Softmax", [scores], { axis: int(-1) });
  const context = graph.op("Transpose", [graph.op("MatMul", [probabilities, v])], { perm: ints([0, 2, 1, 3]) });
  const joined = graph.op("Reshape", [context, graph.int64s("joined_shape", [0, 0, heads * keyDim])]);
  return project(joined, "attention_output");
}
