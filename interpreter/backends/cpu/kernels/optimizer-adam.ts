// Adam update (Keras Adam / AdamW; the decoupled decay of AdamW is a separate kernel), in place.
// Tensors on the backend's WebAssembly heap take the SIMD kernel (wasm/adam-kernel.ts); the
// loop below is the reference it is tested against and the fallback.
import type { CpuKernel } from "../kernel.ts";
import { vectorBytes } from "../wasm/runtime.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/**
 * m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr*m_hat/(sqrt(v_hat) + epsilon), with
 * m_hat = m/(1-b1^t), v_hat = v/(1-b2^t) (epsilon after the bias correction, Kingma & Ba).
 * Inputs [param, grad, m, v]; outputs [param, m, v]; attrs lr, beta1, beta2, epsilon, t.
 */
export const adamUpdate: CpuKernel = {
  run([param, grad, m, v], [paramOut, mOut, vOut], attrs, wasm) {
    const lr = requiredNumberAttr(attrs, "lr");
    const beta1 = requiredNumberAttr(attrs, "beta1");
    const beta2 = requiredNumberAttr(attrs, "beta2");
    const epsilon = requiredNumberAttr(attrs, "epsilon");
    const t = requiredNumberAttr(attrs, "t");
    const correction1 = 1 - Math.pow(beta1, t);
    const correction2 = 1 - Math.pow(beta2, t);
    const w = param!.data;
    const g = grad!.data;
    const mIn = m!.data;
    const vIn = v!.data;
    if (param === paramOut && m === mOut && v === vOut && wasm?.holds(w, g, mIn, vIn) && w.length > 0) {
      wasm.adam(
        w.byteOffset,
        g.byteOffset,
        mIn.byteOffset,
        vIn.byteOffset,
        vectorBytes(w.length),
        lr / correction1,
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
        1 / correction2,
        epsilon,
      );
      return;
    }
    const wData = paramOut!.data;
    const mData = mOut!.data;
    const vData = vOut!.data;
    for (let i = 0; i < wData.length; i++) {
      const gi = g[i]!;
      const mi = beta1 * mIn[i]! + (1 - beta1) * gi;
      const vi = beta2 * vIn[i]! + (1 - beta2) * gi * gi;
      mData[i] = mi;
      vData[i] = vi;
      wData[i] = w[i]! - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
    }
  },
};
