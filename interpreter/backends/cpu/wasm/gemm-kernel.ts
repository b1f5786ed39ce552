// The GEMM micro-kernel:
//
//   gemm_tile(a, b, c, kc): for p in 0..kc: C[4 x 8] += A[p, 0..3]^T * B[p, 0..7]
//
// `a` points at a packed A panel (4 floats per p), `b` at a packed B panel (8 floats per p),
// `c` at a 32-float tile that receives C row-major (overwritten, not accumulated). The tile
// lives in eight f32x4 locals; each p does 2 vector loads of B, 4 broadcast loads of A, and
// 8 f32x4 multiplies and 8 adds (64 flops). kc must be at least 1.
//
// Each kernel comes in two builds: `plain` (f32x4.mul then f32x4.add, two roundings) and `fma`
// (Relaxed SIMD's f32x4.relaxed_madd: one fused multiply-add, one rounding, on CPUs with FMA).
// The two round differently; each is deterministic, so a given build gives the same bits every run.
import { I32, op, V128, type WasmFunction } from "./assembler.ts";

/** Which multiply-add the kernels use. */
export type MultiplyAdd = "plain" | "fma";

/** acc = acc + a * b, the accumulator, A's splat and B's vector being locals. */
function multiplyAdd(kind: MultiplyAdd, acc: number, a: number, b: number): number[] {
  return kind === "fma"
    ? [...op.localGet(a), ...op.localGet(b), ...op.localGet(acc), ...op.f32x4RelaxedMadd, ...op.localSet(acc)]
    : [...op.localGet(acc), ...op.localGet(a), ...op.localGet(b), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(acc)];
}

export const GEMM_MR = 4;
export const GEMM_NR = 8;
export const GEMM_KC = 128;
export const GEMM_MC = 128;
export const GEMM_NC = 128;

// Params 0 a, 1 b, 2 c, 3 kc; locals 4 end, 5..12 accumulators, 13 b0, 14 b1, 15 splat of A.
const [A, B, C, KC, END] = [0, 1, 2, 3, 4];
const ACC = 5;
const B0 = 13;
const B1 = 14;
const AV = 15;

function body(kind: MultiplyAdd): number[] {
  const code: number[] = [];
  // end = a + kc * 16
  code.push(...op.localGet(KC), ...op.i32Const(4), ...op.i32Shl, ...op.localGet(A), ...op.i32Add, ...op.localSet(END));
  code.push(...op.loop);
  code.push(...op.localGet(B), ...op.v128Load(0), ...op.localSet(B0));
  code.push(...op.localGet(B), ...op.v128Load(16), ...op.localSet(B1));
  for (let r = 0; r < GEMM_MR; r++) {
    code.push(...op.localGet(A), ...op.v128Load32Splat(4 * r), ...op.localSet(AV));
    for (let v = 0; v < 2; v++) code.push(...multiplyAdd(kind, ACC + 2 * r + v, AV, v === 0 ? B0 : B1));
  }
  code.push(...op.localGet(A), ...op.i32Const(16), ...op.i32Add, ...op.localSet(A)); // a += 4 floats
  code.push(...op.localGet(B), ...op.i32Const(32), ...op.i32Add, ...op.localSet(B)); // b += 8 floats
  code.push(...op.localGet(A), ...op.localGet(END), ...op.i32LtU, ...op.brIf(0));
  code.push(...op.end);
  for (let i = 0; i < 8; i++) code.push(...op.localGet(C), ...op.localGet(ACC + i), ...op.v128Store(16 * i));
  return code;
}

export const gemmTile = (kind: MultiplyAdd): WasmFunction => ({
  name: "gemm_tile",
  params: [I32, I32, I32, I32],
  locals: [
    [1, I32],
    [11, V128],
  ],
  body: body(kind),
});

// gemm_panel_direct(a, aRow, aStep, b, bStep, c, cRow, kc, accumulate, tiles): C[4*tiles x 8]
// (+)= op(A)[4*tiles x kc] @ B[kc x 8], a column panel of C, computed 4 x 8 tile by tile as
// above but read straight from row-major tensors on the heap instead of packed panels, and
// written (or added, when accumulate is 1) straight into C. A[r, p] is at a + r*aRow + p*aStep,
// so one kernel reads A plain (aRow = k*4, aStep = 4) or transposed (aRow = 4, aStep = m*4);
// B[p, 0..7] is at b + p*bStep; C[r, 0..7] at c + r*cRow. All offsets in bytes; kc, tiles >= 1.
const D = { A: 0, A_ROW: 1, A_STEP: 2, B: 3, B_STEP: 4, C: 5, C_ROW: 6, KC: 7, ACCUMULATE: 8, TILES: 9 } as const;
// i32 locals: the tile's four A row pointers, B pointer, p, tile counter; then the v128 ones.
const L = { A0: 10, A1: 11, A2: 12, A3: 13, BP: 14, P: 15, T: 16, ACC: 17, B0: 25, B1: 26, AV: 27 } as const;

function directBody(kind: MultiplyAdd): number[] {
  const code: number[] = [];
  const aRows = [L.A0, L.A1, L.A2, L.A3];
  code.push(...op.loop); // over row tiles
  for (let i = 0; i < 8; i++) code.push(...op.v128Zero, ...op.localSet(L.ACC + i));
  code.push(...op.localGet(D.B), ...op.localSet(L.BP), ...op.i32Const(0), ...op.localSet(L.P));
  code.push(...op.localGet(D.A), ...op.localSet(L.A0));
  for (let r = 1; r < GEMM_MR; r++)
    code.push(...op.localGet(aRows[r - 1]!), ...op.localGet(D.A_ROW), ...op.i32Add, ...op.localSet(aRows[r]!));
  code.push(...op.loop); // over p
  code.push(...op.localGet(L.BP), ...op.v128Load(0), ...op.localSet(L.B0));
  code.push(...op.localGet(L.BP), ...op.v128Load(16), ...op.localSet(L.B1));
  for (let r = 0; r < GEMM_MR; r++) {
    code.push(...op.localGet(aRows[r]!), ...op.v128Load32Splat(0), ...op.localSet(L.AV));
    for (let v = 0; v < 2; v++) code.push(...multiplyAdd(kind, L.ACC + 2 * r + v, L.AV, v === 0 ? L.B0 : L.B1));
    code.push(...op.localGet(aRows[r]!), ...op.localGet(D.A_STEP), ...op.i32Add, ...op.localSet(aRows[r]!));
  }
  code.push(...op.localGet(L.BP), ...op.localGet(D.B_STEP), ...op.i32Add, ...op.localSet(L.BP));
  code.push(...op.localGet(L.P), ...op.i32Const(1), ...op.i32Add, ...op.localTee(L.P), ...op.localGet(D.KC), ...op.i32LtU, ...op.brIf(0));
  code.push(...op.end);
  // The tile's rows of C (accumulate reads the old values first); c ends at the next tile.
  for (let r = 0; r < GEMM_MR; r++) {
    for (let v = 0; v < 2; v++) {
      const acc = L.ACC + 2 * r + v;
      code.push(...op.localGet(D.ACCUMULATE), ...op.if);
      code.push(...op.localGet(acc), ...op.localGet(D.C), ...op.v128Load(16 * v), ...op.f32x4Add, ...op.localSet(acc));
      code.push(...op.end);
      code.push(...op.localGet(D.C), ...op.localGet(acc), ...op.v128Store(16 * v));
    }
    code.push(...op.localGet(D.C), ...op.localGet(D.C_ROW), ...op.i32Add, ...op.localSet(D.C));
  }
  // a moves down 4 rows.
  code.push(...op.localGet(D.A), ...op.localGet(D.A_ROW), ...op.i32Const(2), ...op.i32Shl, ...op.i32Add, ...op.localSet(D.A));
  code.push(
    ...op.localGet(L.T),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(L.T),
    ...op.localGet(D.TILES),
    ...op.i32LtU,
    ...op.brIf(0),
  );
  code.push(...op.end);
  return code;
}

export const gemmPanelDirect = (kind: MultiplyAdd): WasmFunction => ({
  name: "gemm_panel_direct",
  params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
  locals: [
    [7, I32],
    [11, V128],
  ],
  body: directBody(kind),
});
