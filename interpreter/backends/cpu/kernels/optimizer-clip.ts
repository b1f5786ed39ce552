// Gradient clipping kernels. The norm stays on the device (a 1-element tensor), so clipping
// never reads back and an optimizer step stays synchronous.
import type { CpuKernel } from "../kernel.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/** s = sum over every input of sum(x^2). Inputs [x1, ..., xn]; outputs [s] (1 element). */
export const sumOfSquares: CpuKernel = {
  run(inputs, [sum]) {
    let total = 0;
    for (const input of inputs) {
      const x = input.data;
      for (let i = 0; i < x.length; i++) total += x[i]! * x[i]!;
    }
    sum!.data[0] = total;
  },
};

/** g *= clipnorm / max(sqrt(s), clipnorm). Inputs [grad, s]; outputs [grad]; attrs clipnorm. */
export const clipByNorm: CpuKernel = {
  run([grad, sumSquares], [gradOut], attrs) {
    const clipnorm = requiredNumberAttr(attrs, "clipnorm");
    const scale = clipnorm / Math.max(Math.sqrt(sumSquares!.data[0]!), clipnorm);
    const g = grad!.data;
    const out = gradOut!.data;
    for (let i = 0; i < out.length; i++) out[i] = g[i]! * scale;
  },
};

/** g = clip(g, -clipvalue, clipvalue). Inputs [grad]; outputs [grad]; attrs clipvalue. */
export const clipByValue: CpuKernel = {
  run([grad], [gradOut], attrs) {
    const limit = requiredNumberAttr(attrs, "clipvalue");
    const g = grad!.data;
    const out = gradOut!.data;
    for (let i = 0; i < out.length; i++) out[i] = Math.min(limit, Math.max(-limit, g[i]!));
  },
};
