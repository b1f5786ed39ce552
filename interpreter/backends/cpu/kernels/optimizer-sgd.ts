// SGD updates (Keras SGD), in place: outputs may be the very tensors passed as inputs.
import type { CpuKernel } from "../kernel.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/** w -= lr*g. Inputs [param, grad]; outputs [param]. */
export const sgdUpdate: CpuKernel = {
  run([param, grad], [paramOut], attrs) {
    const lr = requiredNumberAttr(attrs, "lr");
    const w = param!.data;
    const g = grad!.data;
    const out = paramOut!.data;
    for (let i = 0; i < out.length; i++) out[i] = w[i]! - lr * g[i]!;
  },
};

/**
 * v = momentum*v - lr*g; w += v (or, nesterov, w += momentum*v - lr*g).
 * Inputs [param, grad, velocity]; outputs [param, velocity].
 */
export const sgdMomentumUpdate: CpuKernel = {
  run([param, grad, velocity], [paramOut, velocityOut], attrs) {
    const lr = requiredNumberAttr(attrs, "lr");
    const momentum = requiredNumberAttr(attrs, "momentum");
    const nesterov = attrs.nesterov === true;
    const w = param!.data;
    const g = grad!.data;
    const v = velocity!.data;
    const wOut = paramOut!.data;
    const vOut = velocityOut!.data;
    for (let i = 0; i < wOut.length; i++) {
      const step = lr * g[i]!;
      const nextV = momentum * v[i]! - step;
      vOut[i] = nextV;
      wOut[i] = w[i]! + (nesterov ? momentum * nextV - step : nextV);
    }
  },
};
