// Layer normalization over the last axis of each row (cpu/kernels/layernorm.ts):
//   layernorm      [x, gamma, beta] -> [y, xhat, invStd]: biased variance, invStd = 1/sqrt(var + epsilon)
//   layernorm_grad [xhat, invStd, gamma, dy] -> [dx], honouring `accumulate`, with g = dy*gamma:
//     dx = invStd*(g - mean(g) - xhat*mean(g*xhat))
// Row statistics first ([rows] scratch textures), then one thread per element.
import { boolAttr, lastDim, numberAttr } from "../../shared/attrs.ts";
import { launchScratch, type Programs, type ProgramThis, type WebglKernel, type WebglTensor } from "../program.ts";
import { chunksOf } from "./chunks.ts";
import { quotient } from "../quotient.ts";

const STAT = { mean: 0, invStd: 1, sumG: 2, sumGXhat: 3 } as const;

/** Per row: mean of a (0); 1/sqrt(mean((a - mean)^2) + epsilon) (1); sum of a*gamma (2); sum of a*gamma*b (3). */
function rowStatSource(
  this: ProgramThis<"chunk" | "chunks" | "n" | "stat">,
  a: number[],
  b: number[],
  gamma: number[],
  mean: number[],
  epsilon: number,
): number {
  const row = this.thread.x;
  const start = row * this.constants.n;
  let total = 0;
  for (let chunk = 0; chunk < this.constants.chunks; chunk++) {
    let partial = 0;
    for (let q = 0; q < this.constants.chunk; q++) {
      const j = chunk * this.constants.chunk + q;
      if (j < this.constants.n) {
        const v = a[start + j]!;
        if (this.constants.stat === 0) partial += v;
        if (this.constants.stat === 1) partial += (v - mean[row]!) * (v - mean[row]!);
        if (this.constants.stat === 2) partial += v * gamma[j]!;
        if (this.constants.stat === 3) partial += v * gamma[j]! * b[start + j]!;
      }
    }
    total += partial;
  }
  if (this.constants.stat === 0) return total / this.constants.n;
  if (this.constants.stat === 1) return 1 / Math.sqrt(total / this.constants.n + epsilon);
  return total;
}

function rowStat(
  programs: Programs,
  stat: number,
  n: number,
  a: WebglTensor,
  b: WebglTensor,
  gamma: WebglTensor,
  mean: WebglTensor,
  epsilon = 0,
): WebglTensor {
  const spec = { name: "layernorm_row", source: rowStatSource, size: a.size / n, constants: { n, stat, ...chunksOf(n) } };
  return launchScratch(programs, spec, [a, b, gamma, mean, epsilon]);
}

/** y (`which` 0) or xhat (1). */
function layernormSource(
  this: ProgramThis<"n" | "which">,
  x: number[],
  gamma: number[],
  beta: number[],
  mean: number[],
  invStd: number[],
): number {
  const i = this.thread.x;
  const row = quotient(i, this.constants.n);
  const j = i - row * this.constants.n;
  const normalized = (x[i]! - mean[row]!) * invStd[row]!;
  if (this.constants.which === 1) return normalized;
  return gamma[j]! * normalized + beta[j]!;
}

function layernormGradSource(
  this: ProgramThis<"accumulate" | "n">,
  dx: number[],
  xhat: number[],
  invStd: number[],
  gamma: number[],
  dy: number[],
  sumG: number[],
  sumGXhat: number[],
): number {
  const i = this.thread.x;
  const row = quotient(i, this.constants.n);
  const j = i - row * this.constants.n;
  const value = invStd[row]! * (dy[i]! * gamma[j]! - sumG[row]! / this.constants.n - (xhat[i]! * sumGXhat[row]!) / this.constants.n);
  if (this.constants.accumulate === 1) return dx[i]! + value;
  return value;
}

export const layernormKernels: Record<"layernorm" | "layernorm_grad", WebglKernel> = {
  layernorm: {
    run(programs, [x, gamma, beta], [y, xhat, invStd], attrs) {
      const n = lastDim(x!.shape);
      if (gamma!.size !== n || beta!.size !== n || invStd!.size * n !== x!.size) {
        throw new Error(`layernorm: [${x!.shape}] needs gamma and beta of shape [${n}] and one invStd per row`);
      }
      const mean = rowStat(programs, STAT.mean, n, x!, x!, gamma!, x!);
      const scales = rowStat(programs, STAT.invStd, n, x!, x!, gamma!, mean, numberAttr(attrs, "epsilon", 1e-3));
      const args = [x!, gamma!, beta!, mean, scales];
      const yTexture = programs.launch({ name: "layernorm", source: layernormSource, size: y!.size, constants: { n, which: 0 } }, args);
      const xhatTexture = programs.launch(
        { name: "layernorm", source: layernormSource, size: xhat!.size, constants: { n, which: 1 } },
        args,
      );
      mean.texture.delete();
      programs.assign(y!, yTexture);
      programs.assign(xhat!, xhatTexture);
      programs.assign(invStd!, scales.texture);
    },
  },
  layernorm_grad: {
    run(programs, [xhat, invStd, gamma, dy], [dx], attrs) {
      const n = lastDim(xhat!.shape);
      const sumG = rowStat(programs, STAT.sumG, n, dy!, xhat!, gamma!, invStd!);
      const sumGXhat = rowStat(programs, STAT.sumGXhat, n, dy!, xhat!, gamma!, invStd!);
      const constants = { n, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      const spec = { name: "layernorm_grad", source: layernormGradSource, size: dx!.size, constants };
      programs.assign(dx!, programs.launch(spec, [dx!, xhat!, invStd!, gamma!, dy!, sumG, sumGXhat]));
      sumG.texture.delete();
      sumGXhat.texture.delete();
    },
  },
};
