// A loss kernel pair as an op: `kernel` maps [y_pred, y_true] to a scalar and
// `<kernel>_grad` gives dloss/dy_pred (y_true gets no gradient).
import type { KernelAttrsOf, LossKernelName } from "../../backends/kernel-names.ts";
import type { Graph, Value } from "../graph.ts";

export function loss(g: Graph, kernel: LossKernelName, yPred: Value, yTrue: Value, attrs: KernelAttrsOf<LossKernelName> = {}): Value {
  return g.op({
    name: kernel,
    inputs: [yPred, yTrue],
    shape: [],
    forward: (k, out) => k.run(kernel, [yPred.tensor, yTrue.tensor], [out], attrs),
    backward: (k, _out, dLoss) => k.gradTo(yPred, `${kernel}_grad` as const, [yPred.tensor, yTrue.tensor, dLoss], attrs),
  });
}
