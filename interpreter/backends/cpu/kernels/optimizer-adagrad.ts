// Adagrad update (Keras Adagrad), in place.
import type { CpuKernel } from "../kernel.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/**
 * acc += g^2; w -= lr*g/sqrt(acc + epsilon) (epsilon inside the root, Keras).
 * Inputs [param, grad, accumulator]; outputs [param, accumulator].
 */
export const adagradUpdate: CpuKernel = {
  run([param, grad, accumulator], [paramOut, accumulatorOut], attrs) {
    const lr = requiredNumberAttr(attrs, "lr");
    const epsilon = requiredNumberAttr(attrs, "epsilon");
    const w = param!.data;
    const g = grad!.data;
    const acc = accumulator!.data;
    const wOut = paramOut!.data;
    const accOut = accumulatorOut!.data;
    for (let i = 0; i < wOut.length; i++) {
      const gi = g[i]!;
      const ai = acc[i]! + gi * gi;
      accOut[i] = ai;
      wOut[i] = w[i]! - (lr * gi) / Math.sqrt(ai + epsilon);
    }
  },
};
