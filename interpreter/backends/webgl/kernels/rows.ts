// Statistics of each row of a [rows, n] tensor (n the last axis), as [rows] scratch textures
// for the softmax and cross-entropy kernels. One thread sums a row, in chunks of about sqrt(n)
// (chunks.ts) for float32 accuracy; rows are class scores, short enough for one thread.
import { launchScratch, type ProgramThis, type Programs, type WebglTensor } from "../program.ts";
import { chunksOf } from "./chunks.ts";

function rowMaxSource(this: ProgramThis<"n">, x: number[]): number {
  const start = this.thread.x * this.constants.n;
  let max = x[start]!;
  for (let j = 1; j < this.constants.n; j++) max = Math.max(max, x[start + j]!);
  return max;
}

/** max over each row. */
export function rowMax(programs: Programs, x: WebglTensor, n: number): WebglTensor {
  return launchScratch(programs, { name: "row_max", source: rowMaxSource, size: x.size / n, constants: { n } }, [x]);
}

/**
 * Sum over each row of a term of a[j], b[j] and the row's `shift`, by `term`:
 * 0 a, 1 a*b, 2 exp(a - shift), 3 clip(a) to [1e-7, 1 - 1e-7].
 */
function rowSumSource(this: ProgramThis<"chunk" | "chunks" | "n" | "term">, a: number[], b: number[], shift: number[]): number {
  const row = this.thread.x;
  const start = row * this.constants.n;
  const s = shift[row]!;
  let total = 0;
  for (let chunk = 0; chunk < this.constants.chunks; chunk++) {
    let partial = 0;
    for (let q = 0; q < this.constants.chunk; q++) {
      const j = chunk * this.constants.chunk + q;
      if (j < this.constants.n) {
        const v = a[start + j]!;
        if (this.constants.term === 0) partial += v;
        if (this.constants.term === 1) partial += v * b[start + j]!;
        if (this.constants.term === 2) partial += Math.exp(v - s);
        if (this.constants.term === 3) partial += Math.min(Math.max(v, 1e-7), 1 - 1e-7);
      }
    }
    total += partial;
  }
  return total;
}

export const ROW_TERM = { value: 0, product: 1, expShifted: 2, clipped: 3 } as const;

/** Row sums of a term (ROW_TERM); `b` and `shift` are read only by the terms that use them. */
export function rowSum(
  programs: Programs,
  term: number,
  n: number,
  a: WebglTensor,
  b: WebglTensor = a,
  shift: WebglTensor = a,
): WebglTensor {
  const constants = { n, term, ...chunksOf(n) };
  return launchScratch(programs, { name: "row_sum", source: rowSumSource, size: a.size / n, constants }, [a, b, shift]);
}

/** Frees scratch textures. */
export function release(...scratch: WebglTensor[]): void {
  for (const tensor of scratch) tensor.texture.delete();
}
