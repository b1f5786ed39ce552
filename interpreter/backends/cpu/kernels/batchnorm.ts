// y = gamma*xhat + beta with xhat = (x-mean)*invStd, invStd = 1/sqrt(variance+epsilon) per channel (last axis);
// batchnorm_grad: dx = gamma*invStd*(dy - s*(sum(dy) + xhat*sum(dy*xhat))/N), sums over all rows,
// where s = batchStats[0] is 1 when mean/variance were x's own batch statistics (gradients flow
// through them) and 0 when they were constants (the moving statistics at inference).
// On the wasm heap with channels a multiple of 4 the forward pass is a SIMD kernel
// (batchnorm_rows), which rounds xhat to float32 before scaling it: the last bit may differ
// from the loop's, which keeps it in float64. The gradient there is a float64 SIMD kernel
// (batchnorm_grad, two channels a step) that gives the loop's bits.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim, numberAttr } from "../../shared/attrs.ts";

export const batchnormKernel: CpuKernel = {
  run([x, mean, variance, gamma, beta], [y, xhat, invStd], attrs, wasm) {
    const epsilon = numberAttr(attrs, "epsilon", 1e-3);
    const xs = x!.data;
    const channels = lastDim(x!.shape);
    for (const stat of [mean, variance, gamma, beta, invStd]) {
      if (stat!.data.length !== channels)
        throw new Error(`batchnorm: [${x!.shape}] needs per-channel values of shape [${channels}], got [${stat!.shape}]`);
    }
    // The per-channel arrays in locals: the loops then read them without reloading each tensor's view.
    const [means, variances, gammas, betas, invStds] = [mean!.data, variance!.data, gamma!.data, beta!.data, invStd!.data];
    for (let c = 0; c < channels; c++) invStds[c] = 1 / Math.sqrt(variances[c]! + epsilon);
    const ys = y!.data;
    const xhats = xhat!.data;
    if (wasm && channels % 4 === 0 && wasm.holds(xs, ys, xhats) && wasm.holds(means, invStds, gammas, betas)) {
      const rows = xs.length / channels;
      const [x0, mean0, invStd0, gamma0, beta0] = [
        xs.byteOffset,
        means.byteOffset,
        invStds.byteOffset,
        gammas.byteOffset,
        betas.byteOffset,
      ];
      wasm.batchnormRows(x0, mean0, invStd0, gamma0, beta0, xhats.byteOffset, ys.byteOffset, rows, channels * 4);
      return;
    }
    for (let start = 0; start < xs.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        const i = start + c;
        const normalized = (xs[i]! - means[c]!) * invStds[c]!;
        xhats[i] = normalized;
        ys[i] = gammas[c]! * normalized + betas[c]!;
      }
    }
  },
};

/**
 * Float64 per-channel sum(dy), sum(dy*xhat), then gamma*invStd (the same double the loop's
 * left-to-right product forms first), kept between calls so a step allocates nothing once warm.
 */
let sums = new Float64Array(0);

export const batchnormGradKernel: CpuKernel = {
  run([xhat, invStd, gamma, dy, batchStats], [dx], attrs, wasm) {
    const channels = lastDim(xhat!.shape);
    const throughStats = batchStats!.data[0]!;
    const accumulate = boolAttr(attrs, "accumulate");
    if (wasm && channels % 4 === 0 && xhat!.data.length > 0) {
      // Scratch first: growing the heap re-creates the tensors' views.
      const scratch = wasm.scratch("batchnorm-sums", 6 * channels);
      const [xhats, dys, dxs, gammas, invStds] = [xhat!.data, dy!.data, dx!.data, gamma!.data, invStd!.data];
      if (wasm.holds(xhats, dys, dxs) && wasm.holds(gammas, invStds)) {
        scratch.fill(0, 0, 6 * channels);
        const [rows, xhat0, invStd0, gamma0] = [xhats.length / channels, xhats.byteOffset, invStds.byteOffset, gammas.byteOffset];
        wasm.batchnormGrad(
          xhat0,
          invStd0,
          gamma0,
          dys.byteOffset,
          dxs.byteOffset,
          scratch.byteOffset,
          rows,
          4 * channels,
          throughStats,
          rows,
          accumulate ? 1 : 0,
        );
        return;
      }
    }
    const xhats = xhat!.data;
    const dys = dy!.data;
    const dxs = dx!.data;
    const count = xhats.length / channels;
    if (sums.length !== 3 * channels) sums = new Float64Array(3 * channels);
    else sums.fill(0);
    for (let start = 0; start < xhats.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        sums[c] = sums[c]! + dys[start + c]!;
        sums[channels + c] = sums[channels + c]! + dys[start + c]! * xhats[start + c]!;
      }
    }
    const [gammas, invStds] = [gamma!.data, invStd!.data];
    const scale = 2 * channels;
    for (let c = 0; c < channels; c++) sums[scale + c] = gammas[c]! * invStds[c]!;
    for (let start = 0; start < xhats.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        const i = start + c;
        const centered = dys[i]! - (throughStats * (sums[c]! + xhats[i]! * sums[channels + c]!)) / count;
        const value = sums[scale + c]! * centered;
        dxs[i] = accumulate ? dxs[i]! + value : value;
      }
    }
  },
};

export const batchnormKernels = { batchnorm: batchnormKernel, batchnorm_grad: batchnormGradKernel };
