// The GEMM micro-kernel:
//
//   gemm_tile(a, b, c, kc): for p in 0..kc: C[4 x 8] += A[p, 0..3]^T * B[p, 0..7]
//
// `a` points at a packed A panel (4 floats per p), `b` at a packed B panel (8 floats per p),
// `c` at a 32-float tile that receives C row-major (overwritten, not accumulated). The tile
// lives in eight f32x4 locals; each p does 2 vector loads of B, 4 scalar loads + splats of A,
// and 8 f32x4 multiplies and 8 adds (64 flops). kc must be at least 1.
import { I32, op, V128, type WasmFunction } from "./assembler.ts";

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

function body(): number[] {
  const code: number[] = [];
  // end = a + kc * 16
  code.push(...op.localGet(KC), ...op.i32Const(4), ...op.i32Shl, ...op.localGet(A), ...op.i32Add, ...op.localSet(END));
  code.push(...op.loop);
  code.push(...op.localGet(B), ...op.v128Load(0), ...op.localSet(B0));
  code.push(...op.localGet(B), ...op.v128Load(16), ...op.localSet(B1));
  for (let r = 0; r < GEMM_MR; r++) {
    code.push(...op.localGet(A), ...op.f32Load(4 * r), ...op.f32x4Splat, ...op.localSet(AV));
    for (let v = 0; v < 2; v++) {
      const acc = ACC + 2 * r + v;
      code.push(...op.localGet(acc), ...op.localGet(AV), ...op.localGet(v === 0 ? B0 : B1), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(acc));
    }
  }
  code.push(...op.localGet(A), ...op.i32Const(16), ...op.i32Add, ...op.localSet(A)); // a += 4 floats
  code.push(...op.localGet(B), ...op.i32Const(32), ...op.i32Add, ...op.localSet(B)); // b += 8 floats
  code.push(...op.localGet(A), ...op.localGet(END), ...op.i32LtU, ...op.brIf(0));
  code.push(...op.end);
  for (let i = 0; i < 8; i++) code.push(...op.localGet(C), ...op.localGet(ACC + i), ...op.v128Store(16 * i));
  return code;
}

export const gemmTile: WasmFunction = {
  name: "gemm_tile",
  params: [I32, I32, I32, I32],
  locals: [
    [1, I32],
    [11, V128],
  ],
  body: body(),
};

// gemm_tile_direct(a, aRow, aStep, b, bStep, c, cRow, kc, accumulate): the same 4 x 8 tile,
// read straight from row-major tensors on the heap instead of packed panels, and written
// (or added, when accumulate is 1) straight into C. A[r, p] is at a + r*aRow + p*aStep, so
// one kernel reads A plain (aRow = k*4, aStep = 4) or transposed (aRow = 4, aStep = m*4);
// B[p, 0..7] is at b + p*bStep. All offsets in bytes.
const D = { A: 0, A_ROW: 1, A_STEP: 2, B: 3, B_STEP: 4, C: 5, C_ROW: 6, KC: 7, ACCUMULATE: 8, A1: 9, A2: 10, A3: 11, P: 12, ACC: 13, B0: 21, B1: 22, AV: 23 } as const;

function directBody(): number[] {
  const code: number[] = [];
  const aRows = [D.A, D.A1, D.A2, D.A3];
  // a_r = a + r*aRow
  for (let r = 1; r < GEMM_MR; r++) code.push(...op.localGet(aRows[r - 1]!), ...op.localGet(D.A_ROW), ...op.i32Add, ...op.localSet(aRows[r]!));
  code.push(...op.loop);
  code.push(...op.localGet(D.B), ...op.v128Load(0), ...op.localSet(D.B0));
  code.push(...op.localGet(D.B), ...op.v128Load(16), ...op.localSet(D.B1));
  for (let r = 0; r < GEMM_MR; r++) {
    code.push(...op.localGet(aRows[r]!), ...op.f32Load(0), ...op.f32x4Splat, ...op.localSet(D.AV));
    for (let v = 0; v < 2; v++) {
      const acc = D.ACC + 2 * r + v;
      code.push(...op.localGet(acc), ...op.localGet(D.AV), ...op.localGet(v === 0 ? D.B0 : D.B1), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(acc));
    }
    code.push(...op.localGet(aRows[r]!), ...op.localGet(D.A_STEP), ...op.i32Add, ...op.localSet(aRows[r]!));
  }
  code.push(...op.localGet(D.B), ...op.localGet(D.B_STEP), ...op.i32Add, ...op.localSet(D.B));
  code.push(...op.localGet(D.P), ...op.i32Const(1), ...op.i32Add, ...op.localTee(D.P), ...op.localGet(D.KC), ...op.i32LtU, ...op.brIf(0));
  code.push(...op.end);
  // C rows: accumulate reads the old values first.
  for (let r = 0; r < GEMM_MR; r++) {
    for (let v = 0; v < 2; v++) {
      const acc = D.ACC + 2 * r + v;
      code.push(...op.localGet(D.ACCUMULATE), ...op.if);
      code.push(...op.localGet(acc), ...op.localGet(D.C), ...op.v128Load(16 * v), ...op.f32x4Add, ...op.localSet(acc));
      code.push(...op.end);
      code.push(...op.localGet(D.C), ...op.localGet(acc), ...op.v128Store(16 * v));
    }
    code.push(...op.localGet(D.C), ...op.localGet(D.C_ROW), ...op.i32Add, ...op.localSet(D.C));
  }
  return code;
}

export const gemmTileDirect: WasmFunction = {
  name: "gemm_tile_direct",
  params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
  locals: [
    [4, I32],
    [11, V128],
  ],
  body: directBody(),
};
