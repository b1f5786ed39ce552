// y = x @ kernel + bias over the last axis of x (any rank), kernel [in, units] (Keras Dense).
// Backward: dx = dy @ kernel^T, dkernel = x^T @ dy, dbias = sum of dy over rows.
import type { Graph, Value } from "../graph.ts";

export function dense(g: Graph, x: Value, kernel: Value, bias?: Value): Value {
  const inputDim = x.shape[x.shape.length - 1];
  const [kernelIn, units] = kernel.shape;
  if (kernel.shape.length !== 2 || kernelIn !== inputDim || units === undefined) {
    throw new Error(`dense: input [${x.shape}] does not fit kernel [${kernel.shape}]`);
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== units)) {
    throw new Error(`dense: bias [${bias.shape}] should be [${units}]`);
  }
  return g.op({
    name: "dense",
    inputs: bias ? [x, kernel, bias] : [x, kernel],
    shape: [...x.shape.slice(0, -1), units],
    forward(k, out) {
      k.run("matmul", [x.tensor, kernel.tensor], [out]);
      if (bias) k.run("add", [out, bias.tensor], [out]);
    },
    backward(k, _out, dy) {
      k.gradTo(x, "matmul", [dy, kernel.tensor], { transposeB: true });
      k.gradTo(kernel, "matmul", [x.tensor, dy], { transposeA: true });
      if (bias) k.gradTo(bias, "bias_grad", [dy]);
    },
  });
}
