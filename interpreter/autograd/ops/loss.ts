// A loss kernel pair as an op: `kernel` maps [y_pred, y_true] to a scalar and
// `<kernel>_grad` gives dloss/dy_pred (y_true gets no gradient).
import type { KernelAttrs } from "../../backends/backend.ts";
import type { Graph, Value } from "../graph.ts";

export function loss(g: Graph, kernel: string, yPred: Value, yTrue: Value, attrs: KernelAttrs = {}): Value {
  return g.op({
    name: kernel,
    inputs: [yPred, yTrue],
    shape: [],
    forward: (k, out) => k.run(kernel, [yPred.tensor, yTrue.tensor], [out], attrs),
    backward: (k, _out, dLoss) => k.gradTo(yPred, `${kernel}_grad`, [yPred.tensor, yTrue.tensor, dLoss], attrs),
  });
}
