// dgamma[j] (+)= sum over rows of dy[row, j] * xhat[row, j]: the gradient of a normalization's
// per-channel scale (batchnorm, layernorm), with dy and xhat read as [size / n, n]. Each sum is
// formed in float64 and rounded once per row, on the wasm heap (n a multiple of 4) by a float64
// SIMD kernel (wasm/norm-kernel.ts) that gives the loop's bits.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

export const normScaleGradKernel: CpuKernel = {
  run([dy, xhat], [dgamma], attrs, wasm) {
    const dys = dy!.data;
    const xhats = xhat!.data;
    const dgammas = dgamma!.data;
    const n = dgammas.length;
    if (dys.length % n !== 0 || xhats.length !== dys.length) {
      throw new Error(`norm_scale_grad: [${dy!.shape}] and [${xhat!.shape}] do not end in ${n} values`);
    }
    if (!boolAttr(attrs, "accumulate")) dgammas.fill(0);
    if (wasm && n % 4 === 0 && dys.length > 0 && wasm.holds(dys, xhats, dgammas)) {
      wasm.normScaleGrad(dys.byteOffset, xhats.byteOffset, dgammas.byteOffset, dys.length / n, 4 * n);
      return;
    }
    for (let start = 0; start < dys.length; start += n) {
      for (let j = 0; j < n; j++) dgammas[j] = dgammas[j]! + dys[start + j]! * xhats[start + j]!;
    }
  },
};
