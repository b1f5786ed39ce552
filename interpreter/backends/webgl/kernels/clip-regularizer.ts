// Gradient clipping and weight-regularizer kernels (cpu/kernels/optimizer-clip.ts and
// optimizer-regularizer.ts). The norm and the penalty stay on the GPU as 1-element tensors.
//   sum_of_squares       [x1..xn]       -> [s]     s = sum of every x^2
//   clip_by_norm         [grad, s]      -> [grad]  g *= clipnorm / max(sqrt(s), clipnorm)
//   clip_by_value        [grad]         -> [grad]  g = clip(g, -clipvalue, clipvalue)
//   regularizer_penalty  [param, total] -> [total] total + l1*sum|w| + l2*sum w^2
//   regularizer_gradient [param, grad]  -> [grad]  g + l1*sign(w) + 2*l2*w
import { requiredNumberAttr } from "../../shared/attrs.ts";
import { launchScratch, type GpuTexture, type Programs, type ProgramThis, type WebglKernel, type WebglTensor } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";

/** The partial sum of l1*|x| + l2*x^2 over one chunk of x. */
function penaltySource(this: ProgramThis<"chunk" | "size">, x: number[], l1: number, l2: number): number {
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const i = this.thread.x * this.constants.chunk + q;
    if (i < this.constants.size) partial += l1 * Math.abs(x[i]!) + l2 * x[i]! * x[i]!;
  }
  return partial;
}

/** (previous +) l1*sum|x| + l2*sum x^2, in two passes (chunks.ts). */
function penalty(programs: Programs, x: WebglTensor, l1: number, l2: number, previous: WebglTensor | undefined): GpuTexture {
  const { chunk, chunks } = chunksOf(x.size);
  const partials = launchScratch(programs, { name: "penalty", source: penaltySource, size: chunks, constants: { size: x.size, chunk } }, [
    x,
    l1,
    l2,
  ]);
  return finishSum(programs, partials, 1, chunks, { addend: previous });
}

function clipByNormSource(this: ProgramThis, g: number[], s: number[], clipnorm: number): number {
  return g[this.thread.x]! * (clipnorm / Math.max(Math.sqrt(s[0]!), clipnorm));
}

function clipByValueSource(this: ProgramThis, g: number[], limit: number): number {
  return Math.min(limit, Math.max(-limit, g[this.thread.x]!));
}

function regularizerGradientSource(this: ProgramThis, w: number[], g: number[], l1: number, l2: number): number {
  const i = this.thread.x;
  return g[i]! + l1 * Math.sign(w[i]!) + 2 * l2 * w[i]!;
}

const sumOfSquares: WebglKernel = {
  run(programs, inputs, [sum]) {
    let total: WebglTensor | undefined;
    for (const x of inputs) {
      const next: WebglTensor = { id: 0, shape: [1], size: 1, texture: penalty(programs, x, 0, 1, total) };
      total?.texture.delete();
      total = next;
    }
    if (total) programs.assign(sum!, total.texture);
  },
};

const clipByNorm: WebglKernel = {
  run(programs, [g, s], [out], attrs) {
    const spec = { name: "clip_by_norm", source: clipByNormSource, size: out!.size };
    programs.assign(out!, programs.launch(spec, [g!, s!, requiredNumberAttr(attrs, "clipnorm")]));
  },
};

const clipByValue: WebglKernel = {
  run(programs, [g], [out], attrs) {
    const spec = { name: "clip_by_value", source: clipByValueSource, size: out!.size };
    programs.assign(out!, programs.launch(spec, [g!, requiredNumberAttr(attrs, "clipvalue")]));
  },
};

const regularizerPenalty: WebglKernel = {
  run(programs, [w, total], [out], attrs) {
    programs.assign(out!, penalty(programs, w!, requiredNumberAttr(attrs, "l1"), requiredNumberAttr(attrs, "l2"), total!));
  },
};

const regularizerGradient: WebglKernel = {
  run(programs, [w, g], [out], attrs) {
    const spec = { name: "regularizer_gradient", source: regularizerGradientSource, size: out!.size };
    programs.assign(out!, programs.launch(spec, [w!, g!, requiredNumberAttr(attrs, "l1"), requiredNumberAttr(attrs, "l2")]));
  },
};

export const clipRegularizerKernels = {
  sum_of_squares: sumOfSquares,
  clip_by_norm: clipByNorm,
  clip_by_value: clipByValue,
  regularizer_penalty: regularizerPenalty,
  regularizer_gradient: regularizerGradient,
};
