// The row operations of a recurrent step, for m [rows, cols] row-major:
//   setRow:    out[o + j] = source[s + j], or 0 without a source        (j < count; starts a row at the bias)
//   addVecMat: out[o + j] += sum_p v[vo + p] * m[p, c0 + j]              (j < count; a row vector times a block of columns)
//   dotRow:    sum_j g[go + j] * m[p, j]                                 (entry p of a row vector times m^T)
import type { CpuArray } from "../kernel.ts";

export function setRow(out: Float32Array, o: number, count: number, source: Float32Array | undefined, s: number): void {
  if (source) out.set(source.subarray(s, s + count), o);
  else out.fill(0, o, o + count);
}

export function addVecMat(out: Float32Array, o: number, v: Float32Array, vo: number, m: CpuArray, c0: number, count: number): void {
  const [rows, cols] = m.shape as [number, number];
  const ms = m.data;
  for (let p = 0; p < rows; p++) {
    const vp = v[vo + p]!;
    if (vp === 0) continue; // h_0 = 0, and relu states are often zero
    const row = p * cols + c0;
    for (let j = 0; j < count; j++) out[o + j] = out[o + j]! + vp * ms[row + j]!;
  }
}

export function dotRow(g: Float32Array, go: number, m: CpuArray, p: number): number {
  const cols = m.shape[1]!;
  const ms = m.data;
  const row = p * cols;
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += g[go + j]! * ms[row + j]!;
  return sum;
}
