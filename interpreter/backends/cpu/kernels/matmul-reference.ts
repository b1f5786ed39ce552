// The plain matmul loops, kept as the reference the fast GEMM (matmul-gemm.ts) is tested and
// benchmarked against. C = op(A) @ op(B) for row-major A, B, C; `accumulate` adds into C.
// Loops run i-k-j (or dot products when B is transposed) so the innermost loop walks
// contiguous memory.

export function gemmReference(
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
  accumulate: boolean,
): void {
  if (transposeB) {
    dotProducts(A, B, C, m, k, n, transposeA, accumulate);
    return;
  }
  if (!accumulate) C.fill(0, 0, m * n);
  // A[i,p] sits at i*k+p, or at p*m+i when A is stored transposed.
  const rowStride = transposeA ? 1 : k;
  const colStride = transposeA ? m : 1;
  for (let i = 0; i < m; i++) axpyRows(A, B, C, i * rowStride, colStride, i * n, k, n);
}

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
