// softmax / log_softmax over the last axis; the backward rules need only the output.
import type { Graph, Value } from "../graph.ts";

function rowwise(kernel: "softmax" | "log_softmax") {
  return (g: Graph, x: Value): Value =>
    g.op({
      name: kernel,
      inputs: [x],
      shape: x.shape,
      forward: (k, out) => k.run(kernel, [x.tensor], [out]),
      backward: (k, out, dy) => k.gradTo(x, `${kernel}_grad`, [out, dy]),
    });
}

export const softmax = rowwise("softmax");
export const logSoftmax = rowwise("log_softmax");
