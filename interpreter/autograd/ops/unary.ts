// An elementwise activation: forward kernel `kernel`, backward `<kernel>_grad` on [x, y, dy].
// `alpha` is the kernel's hyper-parameter (leaky_relu slope, elu alpha).
import type { ActivationKernelName } from "../../backends/kernel-names.ts";
import type { Graph, Value } from "../graph.ts";

export function unary(g: Graph, kernel: ActivationKernelName, x: Value, alpha?: number): Value {
  const attrs = alpha === undefined ? {} : { alpha };
  return g.op({
    name: kernel,
    inputs: [x],
    shape: x.shape,
    forward: (k, out) => k.run(kernel, [x.tensor], [out], attrs),
    backward: (k, out, dy) => k.gradTo(x, `${kernel}_grad` as const, [x.tensor, out, dy], attrs),
  });
}
