// dgamma[j] (+)= sum over rows of dy[row, j] * xhat[row, j]: the gradient of a normalization's
// per-channel scale (batchnorm, layernorm), with dy and xhat read as [size / n, n].
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

export const normScaleGradKernel: CpuKernel = {
  run([dy, xhat], [dgamma], attrs) {
    const dys = dy!.data;
    const xhats = xhat!.data;
    const dgammas = dgamma!.data;
    const n = dgammas.length;
    if (dys.length % n !== 0 || xhats.length !== dys.length) {
      throw new Error(`norm_scale_grad: [${dy!.shape}] and [${xhat!.shape}] do not end in ${n} values`);
    }
    if (!boolAttr(attrs, "accumulate")) dgammas.fill(0);
    for (let start = 0; start < dys.length; start += n) {
      for (let j = 0; j < n; j++) dgammas[j] = dgammas[j]! + dys[start + j]! * xhats[start + j]!;
    }
  },
};
