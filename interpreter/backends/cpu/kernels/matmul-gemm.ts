// A cache-blocked, register-tiled GEMM: C (+)= op(A) @ op(B) on row-major Float32Arrays.
//
// The Goto/BLIS layout: for each KC-deep slice of k and NC-wide slice of n, B is packed once
// into NR-wide column panels; for each MC-tall slice of m, A is packed into MR-tall row panels.
// Packing absorbs both transposes, so one micro-kernel serves all four combinations. Panels are
// zero-padded at ragged edges, and only the valid part of a tile is written back.
//
// The micro-kernel is a tiny WebAssembly SIMD function (wasm/gemm-kernel.ts) that keeps a
// 4 x 8 tile of C in eight f32x4 registers and walks both packed panels, which live in the
// backend's WebAssembly memory (wasm/runtime.ts). Without WebAssembly SIMD, gemm() falls back
// to the plain loops of matmul-reference.ts.
//
// Rounding: each step is a float32 multiply then a float32 add, in p order within a KC slice,
// so results differ from matmul-reference.ts only by float32 rounding, and are identical from
// run to run. All buffers are fixed: no allocation per call.
import { gemmReference } from "./matmul-reference.ts";
import { GEMM_KC, GEMM_MC, GEMM_MR, GEMM_NC, GEMM_NR } from "../wasm/gemm-kernel.ts";
import type { WasmRuntime } from "../wasm/runtime.ts";
import { DIRECT_ROWS, type RowRange } from "../wasm/thread-pool.ts";

const MR = GEMM_MR;
const NR = GEMM_NR;
const KC = GEMM_KC;
const MC = GEMM_MC;
const NC = GEMM_NC;

export function gemm(
  wasm: WasmRuntime | undefined,
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
  if (!wasm) {
    gemmReference(A, B, C, m, n, k, transposeA, transposeB, accumulate);
    return;
  }
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) C.fill(0, 0, m * n);
    return;
  }
  if (gemmDirect(wasm, A, B, C, m, n, k, transposeA, transposeB, accumulate)) return;
  gemmPacked(wasm, A, B, C, m, n, k, transposeA, transposeB, accumulate);
}

/** The Goto/BLIS path: B and A packed into the scratch panels, any transposes, any operands. */
function gemmPacked(
  wasm: WasmRuntime,
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
  const packedA = wasm.packedA.data;
  const packedB = wasm.packedB.data;
  const tile = wasm.tile.data;
  const { gemmTile, packedAOffset, packedBOffset, tileOffset } = wasm;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(B, transposeB, k, n, p0, kc, j0, nc, packedB);
      const add = accumulate || p0 > 0;
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(A, transposeA, m, k, i0, mc, p0, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const bPtr = packedBOffset + jr * kc * 4;
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            gemmTile(packedAOffset + ir * kc * 4, bPtr, tileOffset, kc);
            const rows = Math.min(MR, mc - ir);
            const cOff = (i0 + ir) * n + j0 + jr;
            if (add) {
              for (let r = 0; r < rows; r++) {
                const row = cOff + r * n;
                const t = r * NR;
                for (let c = 0; c < cols; c++) C[row + c] = C[row + c]! + tile[t + c]!;
              }
            } else {
              for (let r = 0; r < rows; r++) {
                const row = cOff + r * n;
                const t = r * NR;
                for (let c = 0; c < cols; c++) C[row + c] = tile[t + c]!;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Up to this size A stays in cache while every column panel of B streams past it, and reading
 * it in place beats packing (measured: 41 GFLOP/s direct against 27 packed at 512x512x512; at
 * 1024x1024x1024, 4 MiB of A, packing wins, 27 against 21).
 */
const DIRECT_MAX_A_BYTES = 1024 * 1024;
/**
 * Below this many multiply-adds a GEMM stays on the main thread: handing rows to a worker and
 * waiting for it costs ~33 µs (docs/performance.md, "A second thread"), more than a small GEMM.
 */
const THREADED_MIN_MULTIPLY_ADDS = 1 << 20;

/**
 * Small GEMMs (the dense layers of a training step, a convolution's blocks) skip packing: the
 * micro-kernel reads A (plain or transposed) and B straight from the heap and writes C in
 * place. It needs all three on the heap and B not transposed; returns false when it cannot.
 * When m is not a multiple of MR, the last rows of a transposed A go through a scratch tile
 * (reading up to MR - 1 floats past A's end, inside the heap's guard), those of a plain A
 * through the packed path.
 */
function gemmDirect(
  wasm: WasmRuntime,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
  accumulate: boolean,
): boolean {
  if (transposeB || m * k * 4 > DIRECT_MAX_A_BYTES) return false;
  if (!wasm.holds(A, B, C)) return false;
  const a = A.byteOffset;
  const b = B.byteOffset;
  const c = C.byteOffset;
  const { gemmPanelDirect, tileOffset } = wasm;
  const tile = wasm.tile.data;
  const aRow = transposeA ? 4 : k * 4;
  const aStep = transposeA ? m * 4 : 4;
  const add = accumulate ? 1 : 0;
  const full = m - (m % MR);
  // With a thread pool, the full tiles' rows are split into one range per thread, each computed
  // by one thread exactly as here: the same bits for any thread count.
  const workerRanges = rowRanges(wasm, full, m * n * k, { a, aRow, aStep, b, c, n, k, add });
  if (workerRanges.length) wasm.pool!.start(workerRanges);
  const mainEnd = workerRanges[0]?.first ?? full;
  // Full tiles, DIRECT_ROWS rows of A at a time across every column panel, so that those rows
  // stay in cache while B streams past (each tile is computed alike in any order).
  for (let i0 = 0; i0 < mainEnd; i0 += DIRECT_ROWS) {
    const tiles = Math.min(DIRECT_ROWS, mainEnd - i0) / MR;
    for (let j = 0; j + NR <= n; j += NR)
      gemmPanelDirect(a + i0 * aRow, aRow, aStep, b + j * 4, n * 4, c + (i0 * n + j) * 4, n * 4, k, add, tiles);
  }
  for (let j = 0; j < n; j += NR) {
    const cols = Math.min(NR, n - j);
    if (cols === NR && full === m) continue;
    // A ragged last panel or last rows: compute each 4 x 8 tile into scratch (the extra columns
    // read past the row and are discarded) and copy the valid part.
    const endTile = transposeA ? m : full;
    for (let i = cols === NR ? full : 0; i < endTile; i += MR) {
      gemmPanelDirect(a + i * aRow, aRow, aStep, b + j * 4, n * 4, tileOffset, NR * 4, k, 0, 1);
      const rows = Math.min(MR, m - i);
      for (let r = 0; r < rows; r++) {
        const row = (i + r) * n + j;
        for (let col = 0; col < cols; col++) C[row + col] = (accumulate ? C[row + col]! : 0) + tile[r * NR + col]!;
      }
    }
  }
  if (full < m && !transposeA) gemmPacked(wasm, A.subarray(full * k), B, C.subarray(full * n), m - full, n, k, false, false, accumulate);
  if (workerRanges.length) wasm.pool!.finish(workerRanges.length);
  return true;
}

/** The workers' shares of the first `full` rows (whole tiles; the main thread keeps the first share), or none when the GEMM is too small to split. */
function rowRanges(wasm: WasmRuntime, full: number, multiplyAdds: number, call: Omit<RowRange, "first" | "end">): RowRange[] {
  const pool = wasm.pool;
  if (!pool || multiplyAdds < THREADED_MIN_MULTIPLY_ADDS) return [];
  const threads = pool.readyWorkers() + 1;
  if (full < threads * MR) return [];
  const share = Math.ceil(full / MR / threads) * MR;
  const ranges: RowRange[] = [];
  for (let first = share; first < full; first += share) ranges.push({ ...call, first, end: Math.min(full, first + share) });
  return ranges;
}

/** Packs op(A)[i0:i0+mc, p0:p0+kc] as MR-row panels: panel r holds, for each p, MR values. */
function packA(
  A: Float32Array,
  transposeA: boolean,
  m: number,
  k: number,
  i0: number,
  mc: number,
  p0: number,
  kc: number,
  dest: Float32Array,
): void {
  let d = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    const i = i0 + ir;
    if (!transposeA) {
      // A[i,p] at i*k + p
      const r0 = i * k + p0;
      if (rows === MR) {
        const r1 = r0 + k;
        const r2 = r1 + k;
        const r3 = r2 + k;
        for (let p = 0; p < kc; p++) {
          dest[d] = A[r0 + p]!;
          dest[d + 1] = A[r1 + p]!;
          dest[d + 2] = A[r2 + p]!;
          dest[d + 3] = A[r3 + p]!;
          d += MR;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < MR; r++) dest[d + r] = r < rows ? A[r0 + r * k + p]! : 0;
          d += MR;
        }
      }
    } else {
      // A stored [k, m]: A[i,p] at p*m + i, so the MR values for one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * m + i;
        if (rows === MR) {
          dest[d] = A[src]!;
          dest[d + 1] = A[src + 1]!;
          dest[d + 2] = A[src + 2]!;
          dest[d + 3] = A[src + 3]!;
        } else {
          for (let r = 0; r < MR; r++) dest[d + r] = r < rows ? A[src + r]! : 0;
        }
        d += MR;
      }
    }
  }
}

/** Packs op(B)[p0:p0+kc, j0:j0+nc] as NR-column panels: panel c holds, for each p, NR values. */
function packB(
  B: Float32Array,
  transposeB: boolean,
  k: number,
  n: number,
  p0: number,
  kc: number,
  j0: number,
  nc: number,
  dest: Float32Array,
): void {
  let d = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const j = j0 + jr;
    if (!transposeB) {
      // B[p,j] at p*n + j: the NR values for one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * n + j;
        if (cols === NR) {
          for (let c = 0; c < NR; c++) dest[d + c] = B[src + c]!;
        } else {
          for (let c = 0; c < NR; c++) dest[d + c] = c < cols ? B[src + c]! : 0;
        }
        d += NR;
      }
    } else {
      // B stored [n, k]: B[p,j] at j*k + p. Write column by column, strided by NR.
      for (let c = 0; c < NR; c++) {
        if (c < cols) {
          const src = (j + c) * k + p0;
          for (let p = 0; p < kc; p++) dest[d + p * NR + c] = B[src + p]!;
        } else {
          for (let p = 0; p < kc; p++) dest[d + p * NR + c] = 0;
        }
      }
      d += kc * NR;
    }
  }
}
