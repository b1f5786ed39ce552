// Batch statistics per channel (last axis) over every other axis, and the moving averages:
//   batchnorm_moments:        mean = sum(x)/N, variance = sum((x-mean)^2)/N (biased, Keras 3)
//   batchnorm_moving_average: moving = moving*momentum + stat*(1-momentum), in place
// On the wasm heap with channels a multiple of 4 the moments are a float64 SIMD kernel
// (wasm/norm-kernel.ts) that gives the loops' bits.
import type { CpuKernel } from "../kernel.ts";
import { lastDim, numberAttr } from "../../shared/attrs.ts";

/** Float64 per-channel sums, kept between calls so a step allocates nothing once warm. */
let sums = new Float64Array(0);

export const batchnormMomentsKernel: CpuKernel = {
  run([x], [mean, variance], _attrs, wasm) {
    const channels = lastDim(x!.shape);
    if (mean!.data.length !== channels || variance!.data.length !== channels) {
      throw new Error(`batchnorm_moments: [${x!.shape}] needs statistics of ${channels} values`);
    }
    if (wasm && channels % 4 === 0 && x!.data.length > 0) {
      // Scratch first: growing the heap re-creates the tensors' views.
      const scratch = wasm.scratch("batchnorm-sums", 6 * channels);
      const [xs, means, variances] = [x!.data, mean!.data, variance!.data];
      if (wasm.holds(xs, means, variances)) {
        scratch.fill(0, 0, 4 * channels);
        const rows = xs.length / channels;
        wasm.batchnormMoments(xs.byteOffset, means.byteOffset, variances.byteOffset, scratch.byteOffset, rows, 4 * channels, rows);
        return;
      }
    }
    const xs = x!.data;
    const count = xs.length / channels;
    if (sums.length !== channels) sums = new Float64Array(channels);
    else sums.fill(0);
    for (let start = 0; start < xs.length; start += channels) {
      for (let c = 0; c < channels; c++) sums[c] = sums[c]! + xs[start + c]!;
    }
    const means = mean!.data;
    for (let c = 0; c < channels; c++) means[c] = sums[c]! / count;
    sums.fill(0);
    for (let start = 0; start < xs.length; start += channels) {
      for (let c = 0; c < channels; c++) {
        const centered = xs[start + c]! - means[c]!;
        sums[c] = sums[c]! + centered * centered;
      }
    }
    for (let c = 0; c < channels; c++) variance!.data[c] = sums[c]! / count;
  },
};

export const batchnormMovingAverageKernel: CpuKernel = {
  run([stat], [moving], attrs) {
    const momentum = numberAttr(attrs, "momentum", 0.99);
    const stats = stat!.data;
    const movings = moving!.data;
    if (stats.length !== movings.length) throw new Error(`batchnorm_moving_average: [${stat!.shape}] does not match [${moving!.shape}]`);
    for (let c = 0; c < movings.length; c++) movings[c] = movings[c]! * momentum + stats[c]! * (1 - momentum);
  },
};

export const batchnormStatsKernels = { batchnorm_moments: batchnormMomentsKernel, batchnorm_moving_average: batchnormMovingAverageKernel };
