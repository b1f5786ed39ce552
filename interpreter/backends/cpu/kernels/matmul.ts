// C = op(A) @ op(B), where op transposes when `transposeA` / `transposeB` is set, so backward
// passes need no transposed copies. Every input is read as a matrix [size / last, last], so
// a rank-3 [batch, time, features] input is a [batch*time, features] matrix (Dense on
// sequences). `accumulate` adds into C. Loops run i-k-j (or dot products when B is
// transposed) so the innermost loop walks contiguous memory.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim } from "./attrs.ts";

export const matmulKernel: CpuKernel = {
  name: "matmul",
  run([a, b], [c], attrs) {
    const transposeA = boolAttr(attrs, "transposeA");
    const transposeB = boolAttr(attrs, "transposeB");
    const aCols = lastDim(a!.shape);
    const bCols = lastDim(b!.shape);
    const n = lastDim(c!.shape);
    const m = c!.data.length / n;
    const k = transposeA ? a!.data.length / aCols : aCols;
    if ((transposeA ? aCols : a!.data.length / aCols) !== m || (transposeB ? bCols : b!.data.length / bCols) !== k) {
      throw new Error(`matmul: shapes [${a!.shape}] x [${b!.shape}] -> [${c!.shape}] do not agree`);
    }
    if ((transposeB ? b!.data.length / bCols : bCols) !== n) {
      throw new Error(`matmul: shapes [${a!.shape}] x [${b!.shape}] -> [${c!.shape}] do not agree`);
    }
    const A = a!.data;
    const B = b!.data;
    const C = c!.data;
    const accumulate = boolAttr(attrs, "accumulate");
    if (transposeB) {
      dotProducts(A, B, C, m, k, n, transposeA, accumulate);
    } else {
      if (!accumulate) C.fill(0);
      // A[i,p] sits at i*k+p, or at p*m+i when A is stored transposed.
      const rowStride = transposeA ? 1 : k;
      const colStride = transposeA ? m : 1;
      for (let i = 0; i < m; i++) axpyRows(A, B, C, i * rowStride, colStride, i * n, k, n);
    }
  },
};

/** C[row] += sum_p A[aStart + p*aStride] * B[p]: the i-k-j inner loops for one output row. */
function axpyRows(
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  aStart: number,
  aStride: number,
  cRow: number,
  k: number,
  n: number,
): void {
  for (let p = 0; p < k; p++) {
    const aip = A[aStart + p * aStride]!;
    if (aip === 0) continue; // relu outputs are often zero
    const bRow = p * n;
    for (let j = 0; j < n; j++) C[cRow + j] = C[cRow + j]! + aip * B[bRow + j]!;
  }
}

/** C[i,j] (+)= sum_p A[i,p] * B[j,p] with B stored [n, k]: contiguous dot products. */
function dotProducts(
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  accumulate: boolean,
): void {
  const rowStride = transposeA ? 1 : k;
  const colStride = transposeA ? m : 1;
  for (let i = 0; i < m; i++) {
    const aStart = i * rowStride;
    for (let j = 0; j < n; j++) {
      const bStart = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += A[aStart + p * colStride]! * B[bStart + p]!;
      C[i * n + j] = accumulate ? C[i * n + j]! + sum : sum;
    }
  }
}
