// The preprocessing a weights file records (scale, standardize) folded into the front of the
// graph, so the exported model takes the same raw inputs as `dl predict`. The statistics apply
// as replayPreprocess applies them: value i of an example uses mean[i % mean.length], which is a
// constant shaped as the trailing axes of the input that hold mean.length values.
import type { Shape } from "../../backends/backend.ts";
import type { FeatureStep } from "../../runtime/data.ts";
import type { GraphBuilder } from "./graph-builder.ts";

export function preprocessNodes(graph: GraphBuilder, x: string, steps: readonly FeatureStep[], inputShape: Shape): string {
  graph.scope = "preprocess";
  for (const step of steps) {
    if ("scale" in step) {
      x = graph.op("Mul", [x, graph.scalar("scale", step.scale)]);
      continue;
    }
    const { mean, std } = step.standardize;
    const shape = trailingShape(inputShape, mean.length);
    x = graph.op("Sub", [x, graph.floats("mean", shape, Float32Array.from(mean))]);
    x = graph.op("Div", [x, graph.floats("std", shape, Float32Array.from(std))]);
  }
  return x;
}

/** The trailing axes of `shape` that hold `size` values together ([] for one value). */
function trailingShape(shape: Shape, size: number): number[] {
  for (let start = shape.length; start >= 0; start--) {
    const trailing = shape.slice(start);
    if (trailing.reduce((a, b) => a * b, 1) === size) return trailing;
  }
  throw new Error(`preprocessing statistics of ${size} values do not fit an input of shape [${shape}]`);
}
