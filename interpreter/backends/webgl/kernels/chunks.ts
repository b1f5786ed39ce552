// Long sums run in two passes. The first launches one thread per (output value, chunk of
// about sqrt(length) terms) writing the chunk's partial sum; the second (finishSum) adds up
// each output's partial sums. Two reasons: llvmpipe (Mesa's software rasterizer) stops a
// shader invocation's loops after 65,535 iterations in all, so one thread cannot sum 100,000
// terms; and float32 rounding error then grows with ~2*sqrt(length) instead of length, which
// keeps a sum over 784 or 25,088 terms as close to the CPU's as its blocked GEMM is. Sums of
// up to SINGLE_PASS terms are one chunk: their rounding error is small already.
import type { GpuTexture, Programs, ProgramThis, WebglTensor } from "../program.ts";

export interface Chunks {
  readonly chunk: number;
  readonly chunks: number;
}

const SINGLE_PASS = 256;

export function chunksOf(length: number): Chunks {
  if (length <= SINGLE_PASS) return { chunk: Math.max(1, length), chunks: 1 };
  const chunk = Math.max(1, Math.ceil(Math.sqrt(length)));
  return { chunk, chunks: Math.max(1, Math.ceil(length / chunk)) };
}

function finishSource(this: ProgramThis<"add" | "chunks">, partials: number[], addend: number[], scale: number): number {
  const o = this.thread.x;
  let total = 0;
  for (let c = 0; c < this.constants.chunks; c++) total += partials[o * this.constants.chunks + c]!;
  if (this.constants.add === 1) return addend[o]! + scale * total;
  return scale * total;
}

export interface Finish {
  /** Multiplies the sum (1 / length for a mean). */
  readonly scale?: number;
  /** Added to the scaled sum, value for value (the output itself when accumulating). */
  readonly addend?: WebglTensor;
}

/** scale * (sum of each output's partial sums) (+ addend), from a first pass of `size * chunks` partial sums, which it frees (or returns, when they are the result). */
export function finishSum(
  programs: Programs,
  partials: WebglTensor,
  size: number,
  chunks: number,
  { scale = 1, addend }: Finish = {},
): GpuTexture {
  if (chunks === 1 && scale === 1 && !addend) return partials.texture;
  const spec = { name: "finish_sum", source: finishSource, size, constants: { chunks, add: addend ? 1 : 0 } };
  const texture = programs.launch(spec, [partials, addend ?? partials, scale]);
  partials.texture.delete();
  return texture;
}
