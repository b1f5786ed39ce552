// The convolution's gather and scatter (kernels/im2col.ts has the plain loops and the layout):
//
//   im2col(x, col, count, b, i, j, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl)
//   col2im_add(dx, col, count, b, i, j, …same geometry)
//
// walk `count` output pixels from pixel (b, i, j) and, per tap (p, q) of each one's receptive
// field, copy the c channels at x[b, i*sh + p*dh - pt, j*sw + q*dw - pl] into the next c floats of
// col (zeros where the tap falls outside x), or add those c floats of col into dx (taps outside
// skipped). Offsets are bytes; a tap is inside when its unsigned row and column are below h and w.
// im2col copies whole f32x4 vectors, so with c not a multiple of 4 it reads up to 3 floats past
// a tap and writes up to 3 past it (the next tap overwrites them; the caller leaves room after
// the last). col2im_add adds vectors only when c is a multiple of 4, else float by float, so it
// never touches a neighbouring pixel's channels. count, kh, kw and c must be at least 1.
import { I32, increment, nextIteration, op, type WasmFunction } from "./assembler.ts";

const P = {
  X: 0,
  COL: 1,
  COUNT: 2,
  B: 3,
  I: 4,
  J: 5,
  H: 6,
  W: 7,
  C: 8,
  OH: 9,
  OW: 10,
  KH: 11,
  KW: 12,
  SH: 13,
  SW: 14,
  DH: 15,
  DW: 16,
  PT: 17,
  PL: 18,
} as const;
const L = { N: 19, P: 20, Q: 21, IH: 22, IW: 23, SRC: 24, D: 25, O: 26, BYTES: 27, VECTORS: 28 } as const;

const get = op.localGet;
const set = op.localSet;

/** local += step (an i32 local and a constant). */

/** A loop over o = 0, 16, … < BYTES doing `each` (which reads o). */
function vectorLoop(each: number[]): number[] {
  return [...op.i32Const(0), ...set(L.O), ...op.loop, ...each, ...nextIteration(L.O, 16, L.BYTES), ...op.end];
}

function body(scatter: boolean): number[] {
  const code: number[] = [];
  code.push(...get(P.C), ...op.i32Const(2), ...op.i32Shl, ...set(L.BYTES));
  code.push(...get(P.C), ...op.i32Const(3), ...op.i32And, ...op.i32Eqz, ...set(L.VECTORS));
  code.push(...get(P.COL), ...set(L.D));
  code.push(...op.loop); // pixels
  code.push(...op.i32Const(0), ...set(L.P));
  code.push(...op.loop); // p
  // ih = i*sh - pt + p*dh
  code.push(
    ...get(P.I),
    ...get(P.SH),
    ...op.i32Mul,
    ...get(P.PT),
    ...op.i32Sub,
    ...get(L.P),
    ...get(P.DH),
    ...op.i32Mul,
    ...op.i32Add,
    ...set(L.IH),
  );
  code.push(...op.i32Const(0), ...set(L.Q));
  code.push(...op.loop); // q
  code.push(
    ...get(P.J),
    ...get(P.SW),
    ...op.i32Mul,
    ...get(P.PL),
    ...op.i32Sub,
    ...get(L.Q),
    ...get(P.DW),
    ...op.i32Mul,
    ...op.i32Add,
    ...set(L.IW),
  );
  code.push(...get(L.IH), ...get(P.H), ...op.i32LtU, ...get(L.IW), ...get(P.W), ...op.i32LtU, ...op.i32And);
  code.push(...op.if);
  // src = x + (((b*h + ih)*w + iw) * c) * 4
  code.push(...get(P.B), ...get(P.H), ...op.i32Mul, ...get(L.IH), ...op.i32Add, ...get(P.W), ...op.i32Mul, ...get(L.IW), ...op.i32Add);
  code.push(...get(L.BYTES), ...op.i32Mul, ...get(P.X), ...op.i32Add, ...set(L.SRC));
  const srcAt = [...get(L.SRC), ...get(L.O), ...op.i32Add];
  const colAt = [...get(L.D), ...get(L.O), ...op.i32Add];
  if (!scatter) {
    code.push(...vectorLoop([...colAt, ...srcAt, ...op.v128Load(0), ...op.v128Store(0)]));
    code.push(...op.else);
    code.push(...vectorLoop([...colAt, ...op.v128Zero, ...op.v128Store(0)]));
  } else {
    code.push(...get(L.VECTORS), ...op.if);
    code.push(...vectorLoop([...srcAt, ...srcAt, ...op.v128Load(0), ...colAt, ...op.v128Load(0), ...op.f32x4Add, ...op.v128Store(0)]));
    code.push(...op.else);
    code.push(...op.i32Const(0), ...set(L.O), ...op.loop);
    code.push(...srcAt, ...srcAt, ...op.f32Load(0), ...colAt, ...op.f32Load(0), ...op.f32Add, ...op.f32Store(0));
    code.push(...nextIteration(L.O, 4, L.BYTES), ...op.end);
    code.push(...op.end);
  }
  code.push(...op.end);
  code.push(...get(L.D), ...get(L.BYTES), ...op.i32Add, ...set(L.D));
  code.push(...nextIteration(L.Q, 1, P.KW), ...op.end);
  code.push(...nextIteration(L.P, 1, P.KH), ...op.end);
  // The next output pixel: j, then i, then b.
  code.push(...increment(P.J, 1), ...get(P.J), ...get(P.OW), ...op.i32Eq, ...op.if);
  code.push(...op.i32Const(0), ...set(P.J), ...increment(P.I, 1), ...get(P.I), ...get(P.OH), ...op.i32Eq, ...op.if);
  code.push(...op.i32Const(0), ...set(P.I), ...increment(P.B, 1));
  code.push(...op.end, ...op.end);
  code.push(...nextIteration(L.N, 1, P.COUNT), ...op.end);
  return code;
}

const locals: [number, number][] = [[10, I32]];

export const im2colKernel: WasmFunction = { name: "im2col", params: new Array<number>(19).fill(I32), locals, body: body(false) };
export const col2imAddKernel: WasmFunction = { name: "col2im_add", params: new Array<number>(19).fill(I32), locals, body: body(true) };

/** Floats a column buffer needs past its last row: im2col's whole-vector writes. */
export const IM2COL_SLACK = 3;
