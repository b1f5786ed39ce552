// maxpool2d and its gradient over NHWC images, four channels at a time (kernels/pool2d.ts has the
// plain loops, the reference):
//
//   maxpool(x, y, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl):           y = each window's maximum
//   maxpool_grad(x, dy, dx, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl): dx[first maximum] += dy
//
// Each window (clipped to x) is scanned in the loops' order, row by row, column by column, with a
// strict f32x4.gt against the running maximum, so every lane keeps the loops' first maximum and
// their NaN handling (a NaN never wins; a window with no winner gives 0 and no gradient). The
// gradient keeps, per lane, the address in x of the winner's vector, and adds dy at the same
// place in dx, lane by lane, pixel by pixel, in the loops' order. c must be a multiple of 4, and
// n, oh and ow at least 1.
import { I32, increment, nextIteration, op, V128, type WasmFunction } from "./assembler.ts";

const get = op.localGet;
const set = op.localSet;
/** Loop again while local < limit (signed: window bounds may be negative). */
const loopWhileLess = (local: number, limit: number) => [...get(local), ...get(limit), ...op.i32LtS, ...op.brIf(0)];

function body(grad: boolean): number[] {
  const g = grad ? 1 : 0;
  const [X, Y, DX] = [0, 1, 2]; // Y is dy for the gradient
  const [N, H, W, C, OH, OW, KH, KW, SH, SW, PT, PL] = Array.from({ length: 12 }, (_, i) => 2 + g + i) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const first = 14 + g;
  const [B, I, J, TOP, BOTTOM, LEFT, RIGHT, BYTES, ROW_STRIDE, YP, XBASE, O, R, ROW, AT, COL, A] = Array.from(
    { length: 17 },
    (_, i) => first + i,
  ) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [MAX, MASK, V, M] = [first + 17, first + 18, first + 19, first + 20];
  /** local = max(start, 0) and end = min(start + size, limit), start = index*stride - pad. */
  const bounds = (index: number, stride: number, pad: number, size: number, limit: number, lo: number, hi: number) => [
    ...get(index),
    ...get(stride),
    ...op.i32Mul,
    ...get(pad),
    ...op.i32Sub,
    ...op.localTee(lo),
    ...get(size),
    ...op.i32Add,
    ...op.localTee(hi),
    ...get(limit),
    ...get(hi),
    ...get(limit),
    ...op.i32LtS,
    ...op.select,
    ...set(hi),
    ...get(lo),
    ...op.i32Const(0),
    ...get(lo),
    ...op.i32Const(0),
    ...op.i32GtS,
    ...op.select,
    ...set(lo),
  ];
  const code: number[] = [];
  code.push(...get(C), ...op.i32Const(2), ...op.i32Shl, ...set(BYTES));
  code.push(...get(W), ...get(BYTES), ...op.i32Mul, ...set(ROW_STRIDE));
  code.push(...get(Y), ...set(YP));
  code.push(...op.i32Const(0), ...set(B), ...op.loop);
  code.push(...op.i32Const(0), ...set(I), ...op.loop);
  code.push(...bounds(I, SH, PT, KH, H, TOP, BOTTOM));
  code.push(...op.i32Const(0), ...set(J), ...op.loop);
  code.push(...bounds(J, SW, PL, KW, W, LEFT, RIGHT));
  // xbase = x + ((b*h + top)*w + left) * bytes
  code.push(...get(B), ...get(H), ...op.i32Mul, ...get(TOP), ...op.i32Add, ...get(W), ...op.i32Mul, ...get(LEFT), ...op.i32Add);
  code.push(...get(BYTES), ...op.i32Mul, ...get(X), ...op.i32Add, ...set(XBASE));
  code.push(...op.i32Const(0), ...set(O), ...op.loop);
  code.push(...op.f32Const(-Infinity), ...op.f32x4Splat, ...set(MAX));
  code.push(...(grad ? [...op.i32Const(-1), ...op.i32x4Splat] : op.v128Zero), ...set(MASK));
  code.push(...get(TOP), ...get(BOTTOM), ...op.i32LtS, ...get(LEFT), ...get(RIGHT), ...op.i32LtS, ...op.i32And, ...op.if);
  code.push(...get(XBASE), ...get(O), ...op.i32Add, ...set(ROW), ...get(TOP), ...set(R), ...op.loop);
  code.push(...get(ROW), ...set(AT), ...get(LEFT), ...set(COL), ...op.loop);
  code.push(...get(AT), ...op.v128Load(0), ...op.localTee(V), ...get(MAX), ...op.f32x4Gt, ...set(M));
  code.push(...get(V), ...get(MAX), ...get(M), ...op.v128Bitselect, ...set(MAX));
  if (grad) code.push(...get(AT), ...op.i32x4Splat, ...get(MASK), ...get(M), ...op.v128Bitselect, ...set(MASK));
  else code.push(...get(MASK), ...get(M), ...op.v128Or, ...set(MASK));
  code.push(...get(AT), ...get(BYTES), ...op.i32Add, ...set(AT), ...increment(COL, 1), ...loopWhileLess(COL, RIGHT), ...op.end);
  code.push(...get(ROW), ...get(ROW_STRIDE), ...op.i32Add, ...set(ROW), ...increment(R, 1), ...loopWhileLess(R, BOTTOM), ...op.end);
  code.push(...op.end);
  if (!grad) {
    // Lanes with a winner keep the maximum, the others 0.
    code.push(...get(YP), ...get(O), ...op.i32Add, ...get(MAX), ...get(MASK), ...op.v128And, ...op.v128Store(0));
  } else {
    for (let lane = 0; lane < 4; lane++) {
      code.push(...get(MASK), ...op.i32x4ExtractLane(lane), ...op.localTee(A), ...op.i32Const(-1), ...op.i32Ne, ...op.if);
      // The lane's element in dx: its vector's address in x (the winner's) - x + dx, plus the lane.
      code.push(...get(A), ...get(X), ...op.i32Sub, ...get(DX), ...op.i32Add, ...op.localTee(A));
      code.push(...get(A), ...op.f32Load(4 * lane), ...get(YP), ...get(O), ...op.i32Add, ...op.f32Load(4 * lane), ...op.f32Add);
      code.push(...op.f32Store(4 * lane));
      code.push(...op.end);
    }
  }
  code.push(...nextIteration(O, 16, BYTES), ...op.end);
  code.push(...get(YP), ...get(BYTES), ...op.i32Add, ...set(YP));
  code.push(...increment(J, 1), ...loopWhileLess(J, OW), ...op.end);
  code.push(...increment(I, 1), ...loopWhileLess(I, OH), ...op.end);
  code.push(...increment(B, 1), ...loopWhileLess(B, N), ...op.end);
  return code;
}

const locals: [number, number][] = [
  [17, I32],
  [4, V128],
];

export const maxpoolKernel: WasmFunction = { name: "maxpool", params: new Array<number>(14).fill(I32), locals, body: body(false) };
export const maxpoolGradKernel: WasmFunction = { name: "maxpool_grad", params: new Array<number>(15).fill(I32), locals, body: body(true) };
