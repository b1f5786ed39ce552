// An elementwise activation: forward kernel `kernel`, backward `<kernel>_grad` on [x, y, dy].
// `alpha` is the kernel's hyper-parameter (leaky_relu slope, elu alpha).
import type { KernelAttrs } from "../../backends/backend.ts";
import type { Graph, Value } from "../graph.ts";

export function unary(g: Graph, kernel: string, x: Value, alpha?: number): Value {
  const attrs: KernelAttrs = alpha === undefined ? {} : { alpha };
  return g.op({
    name: kernel,
    inputs: [x],
    shape: x.shape,
    forward: (k, out) => k.run(kernel, [x.tensor], [out], attrs),
    backward: (k, out, dy) => k.gradTo(x, `${kernel}_grad`, [x.tensor, out, dy], attrs),
  });
}
