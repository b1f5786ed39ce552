// Batch normalization over the last axis (channels), every other axis a row
// (cpu/kernels/batchnorm-stats.ts and batchnorm.ts):
//   batchnorm_moments        [x] -> [mean, variance]: biased, over all rows (two passes, chunks.ts)
//   batchnorm_moving_average [stat] -> [moving]: moving*momentum + stat*(1-momentum), in place
//   batchnorm                [x, mean, variance, gamma, beta] -> [y, xhat, invStd]
//   batchnorm_grad           [xhat, invStd, gamma, dy, batchStats] -> [dx], honouring `accumulate`:
//     dx = gamma*invStd*(dy - s*(sum(dy) + xhat*sum(dy*xhat))/N), s = batchStats[0]
import { boolAttr, lastDim, numberAttr } from "../../shared/attrs.ts";
import { launchScratch, type GpuTexture, type Programs, type ProgramThis, type WebglKernel, type WebglTensor } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { quotient } from "../quotient.ts";

/** The partial sum over one chunk of rows of channel j's term: x (0), (x - mean)^2 (1), x*y (2). */
function channelPartialSource(
  this: ProgramThis<"channels" | "chunk" | "chunks" | "rows" | "term">,
  x: number[],
  y: number[],
  mean: number[],
): number {
  const t = this.thread.x;
  const j = quotient(t, this.constants.chunks);
  const chunk = t - j * this.constants.chunks;
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const row = chunk * this.constants.chunk + q;
    if (row < this.constants.rows) {
      const v = x[row * this.constants.channels + j]!;
      if (this.constants.term === 0) partial += v;
      if (this.constants.term === 1) partial += (v - mean[j]!) * (v - mean[j]!);
      if (this.constants.term === 2) partial += v * y[row * this.constants.channels + j]!;
    }
  }
  return partial;
}

/** Per-channel sum of a term over the rows of x, times `scale`. */
function channelSum(
  programs: Programs,
  term: number,
  x: WebglTensor,
  y: WebglTensor,
  mean: WebglTensor,
  channels: number,
  scale: number,
): GpuTexture {
  const rows = x.size / channels;
  const chunks = chunksOf(rows);
  const spec = {
    name: "channel_partial",
    source: channelPartialSource,
    size: channels * chunks.chunks,
    constants: { channels, rows, term, ...chunks },
  };
  return finishSum(programs, launchScratch(programs, spec, [x, y, mean]), channels, chunks.chunks, { scale });
}

function movingAverageSource(this: ProgramThis, moving: number[], stat: number[], momentum: number): number {
  const c = this.thread.x;
  return moving[c]! * momentum + stat[c]! * (1 - momentum);
}

/** y (`which` 0), xhat (1) or invStd (2, one per channel). */
function batchnormSource(
  this: ProgramThis<"channels" | "which">,
  x: number[],
  mean: number[],
  variance: number[],
  gamma: number[],
  beta: number[],
  epsilon: number,
): number {
  const i = this.thread.x;
  const c = i - quotient(i, this.constants.channels) * this.constants.channels;
  const invStd = 1 / Math.sqrt(variance[c]! + epsilon);
  if (this.constants.which === 2) return invStd;
  const normalized = (x[i]! - mean[c]!) * invStd;
  if (this.constants.which === 1) return normalized;
  return gamma[c]! * normalized + beta[c]!;
}

function batchnormGradSource(
  this: ProgramThis<"accumulate" | "channels" | "count">,
  dx: number[],
  xhat: number[],
  invStd: number[],
  gamma: number[],
  dy: number[],
  batchStats: number[],
  sumDy: number[],
  sumDyXhat: number[],
): number {
  const i = this.thread.x;
  const c = i - quotient(i, this.constants.channels) * this.constants.channels;
  const centered = dy[i]! - (batchStats[0]! * (sumDy[c]! + xhat[i]! * sumDyXhat[c]!)) / this.constants.count;
  const value = gamma[c]! * invStd[c]! * centered;
  if (this.constants.accumulate === 1) return dx[i]! + value;
  return value;
}

const scratch = (texture: GpuTexture, size: number): WebglTensor => ({ id: 0, shape: [size], size, texture });

export const batchnormKernels: Record<"batchnorm_moments" | "batchnorm_moving_average" | "batchnorm" | "batchnorm_grad", WebglKernel> = {
  batchnorm_moments: {
    run(programs, [x], [mean, variance]) {
      const channels = lastDim(x!.shape);
      if (mean!.size !== channels || variance!.size !== channels)
        throw new Error(`batchnorm_moments: [${x!.shape}] needs statistics of ${channels} values`);
      const count = x!.size / channels;
      const means = scratch(channelSum(programs, 0, x!, x!, x!, channels, 1 / count), channels);
      programs.assign(variance!, channelSum(programs, 1, x!, x!, means, channels, 1 / count));
      programs.assign(mean!, means.texture);
    },
  },
  batchnorm_moving_average: {
    run(programs, [stat], [moving], attrs) {
      if (stat!.size !== moving!.size) throw new Error(`batchnorm_moving_average: [${stat!.shape}] does not match [${moving!.shape}]`);
      const spec = { name: "moving_average", source: movingAverageSource, size: moving!.size };
      programs.assign(moving!, programs.launch(spec, [moving!, stat!, numberAttr(attrs, "momentum", 0.99)]));
    },
  },
  batchnorm: {
    run(programs, [x, mean, variance, gamma, beta], outputs, attrs) {
      const channels = lastDim(x!.shape);
      for (const stat of [mean, variance, gamma, beta, outputs[2]]) {
        if (stat!.size !== channels)
          throw new Error(`batchnorm: [${x!.shape}] needs per-channel values of shape [${channels}], got [${stat!.shape}]`);
      }
      const args = [x!, mean!, variance!, gamma!, beta!, numberAttr(attrs, "epsilon", 1e-3)];
      const textures = outputs.map((out, which) =>
        programs.launch({ name: "batchnorm", source: batchnormSource, size: out.size, constants: { channels, which } }, args),
      );
      outputs.forEach((out, index) => programs.assign(out, textures[index]!));
    },
  },
  batchnorm_grad: {
    run(programs, [xhat, invStd, gamma, dy, batchStats], [dx], attrs) {
      const channels = lastDim(xhat!.shape);
      const sumDy = scratch(channelSum(programs, 0, dy!, dy!, dy!, channels, 1), channels);
      const sumDyXhat = scratch(channelSum(programs, 2, dy!, xhat!, dy!, channels, 1), channels);
      const constants = { channels, count: xhat!.size / channels, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      const spec = { name: "batchnorm_grad", source: batchnormGradSource, size: dx!.size, constants };
      programs.assign(dx!, programs.launch(spec, [dx!, xhat!, invStd!, gamma!, dy!, batchStats!, sumDy, sumDyXhat]));
      sumDy.texture.delete();
      sumDyXhat.texture.delete();
    },
  },
};
