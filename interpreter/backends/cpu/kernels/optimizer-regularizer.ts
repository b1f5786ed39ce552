// Weight-regularizer kernels (Keras L1/L2/L1L2): the penalty added to the loss and its gradient.
import type { CpuKernel } from "../kernel.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/**
 * total_out = total + l1*sum(|w|) + l2*sum(w^2). Inputs [param, total]; outputs [total]
 * (1 element; pass the same tensor to accumulate over several parameters).
 */
export const regularizerPenalty: CpuKernel = {
  run([param, total], [totalOut], attrs) {
    const l1 = requiredNumberAttr(attrs, "l1");
    const l2 = requiredNumberAttr(attrs, "l2");
    const w = param!.data;
    let abs = 0;
    let squares = 0;
    for (let i = 0; i < w.length; i++) {
      abs += Math.abs(w[i]!);
      squares += w[i]! * w[i]!;
    }
    totalOut!.data[0] = total!.data[0]! + l1 * abs + l2 * squares;
  },
};

/** g += l1*sign(w) + 2*l2*w (sign(0) = 0). Inputs [param, grad]; outputs [grad]. */
export const regularizerGradient: CpuKernel = {
  run([param, grad], [gradOut], attrs) {
    const l1 = requiredNumberAttr(attrs, "l1");
    const l2 = requiredNumberAttr(attrs, "l2");
    const w = param!.data;
    const g = grad!.data;
    const out = gradOut!.data;
    for (let i = 0; i < out.length; i++) out[i] = g[i]! + l1 * Math.sign(w[i]!) + 2 * l2 * w[i]!;
  },
};
