// y = conv(x, kernel) + bias: cross-correlation of NWC / NHWC x with a [k…, in, out] kernel (Keras
// Conv1D / Conv2D), TF padding. Backward: dx by conv2d_grad_input, dkernel by conv2d_grad_filter,
// dbias = sum of dy over all but the channel axis. 1-D runs on the 2-D kernels with height 1.
import type { Graph, Value } from "../graph.ts";
import { slidingWindow, type WindowOptions } from "./window.ts";

export function conv(g: Graph, x: Value, kernel: Value, bias?: Value, options: WindowOptions = {}): Value {
  const axes = kernel.shape.length - 2;
  const filters = kernel.shape.at(-1)!;
  if ((axes !== 1 && axes !== 2) || x.shape.length !== axes + 2 || x.shape.at(-1) !== kernel.shape[axes]) {
    throw new Error(`conv: input [${x.shape}] does not fit kernel [${kernel.shape}]`);
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== filters)) throw new Error(`conv: bias [${bias.shape}] should be [${filters}]`);
  const { output, attrs } = slidingWindow("conv", x.shape.slice(1, -1), kernel.shape.slice(0, axes), options);
  return g.op({
    name: `conv${axes}d`,
    inputs: bias ? [x, kernel, bias] : [x, kernel],
    shape: [x.shape[0]!, ...output, filters],
    forward(k, out) {
      k.run("conv2d", [x.tensor, kernel.tensor], [out], attrs);
      if (bias) k.run("add", [out, bias.tensor], [out]);
    },
    backward(k, _out, dy) {
      k.gradTo(x, "conv2d_grad_input", [dy, kernel.tensor], attrs);
      k.gradTo(kernel, "conv2d_grad_filter", [x.tensor, dy], attrs);
      if (bias) k.gradTo(bias, "bias_grad", [dy]);
    },
  });
}
