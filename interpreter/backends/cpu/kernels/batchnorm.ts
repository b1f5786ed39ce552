// y = gamma*xhat + beta with xhat = (x-mean)*invStd, invStd = 1/sqrt(variance+epsilon) per channel (last axis);
// batchnorm_grad: dx = gamma*invStd*(dy - s*(sum(dy) + xhat*sum(dy*xhat))/N), sums over all rows,
// where s = batchStats[0] is 1 when mean/variance were x's own batch statistics (gradients flow
// through them) and 0 when they were constants (the moving statistics at inference).
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim, numberAttr } from "../../shared/attrs.ts";

export const batchnormKernel: CpuKernel = {
  run([x, mean, variance, gamma, beta], [y, xhat, invStd], attrs) {
    const epsilon = numberAttr(attrs, "epsilon", 1e-3);
    const xs = x!.data;
    const channels = lastDim(x!.shape);
    for (const stat of [mean, variance, gamma, beta, invStd]) {
      if (stat!.data.length !== channels)
        throw new Error(`batchnorm: [${x!.shape}] needs per-channel values of shape [${channels}], got [${stat!.shape}]`);
    }
    for (let c = 0; c < channels; c++) invStd!.data[c] = 1 / Math.sqrt(variance!.data[c]! + epsilon);
    const ys = y!.data;
    const xhats = xhat!.data;
    for (let start = 0; start < xs.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        const i = start + c;
        const normalized = (xs[i]! - mean!.data[c]!) * invStd!.data[c]!;
        xhats[i] = normalized;
        ys[i] = gamma!.data[c]! * normalized + beta!.data[c]!;
      }
    }
  },
};

/** Float64 per-channel sum(dy) then sum(dy*xhat), kept between calls so a step allocates nothing once warm. */
let sums = new Float64Array(0);

export const batchnormGradKernel: CpuKernel = {
  run([xhat, invStd, gamma, dy, batchStats], [dx], attrs) {
    const xhats = xhat!.data;
    const dys = dy!.data;
    const dxs = dx!.data;
    const channels = lastDim(xhat!.shape);
    const count = xhats.length / channels;
    const throughStats = batchStats!.data[0]!;
    if (sums.length !== 2 * channels) sums = new Float64Array(2 * channels);
    else sums.fill(0);
    for (let start = 0; start < xhats.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        sums[c] = sums[c]! + dys[start + c]!;
        sums[channels + c] = sums[channels + c]! + dys[start + c]! * xhats[start + c]!;
      }
    }
    const accumulate = boolAttr(attrs, "accumulate");
    for (let start = 0; start < xhats.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        const i = start + c;
        const centered = dys[i]! - (throughStats * (sums[c]! + xhats[i]! * sums[channels + c]!)) / count;
        const value = gamma!.data[c]! * invStd!.data[c]! * centered;
        dxs[i] = accumulate ? dxs[i]! + value : value;
      }
    }
  },
};

export const batchnormKernels = { batchnorm: batchnormKernel, batchnorm_grad: batchnormGradKernel };
