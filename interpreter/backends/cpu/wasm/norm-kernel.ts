// The normalization kernels that sum over rows in float64, two channels at a time in f64x2, over
// [rows, n] matrices of float32 (n a multiple of 4, rowBytes = 4n):
//
//   batchnorm_moments(x, mean, variance, sums, rows, rowBytes, count):
//     mean = sum(x)/count, variance = sum((x - mean)^2)/count
//   batchnorm_grad(xhat, invStd, gamma, dy, dx, sums, rows, rowBytes, throughStats, count, accumulate):
//     dx (+)= gamma*invStd*(dy - throughStats*(sum(dy) + xhat*sum(dy*xhat))/count)
//   norm_scale_grad(dy, xhat, dgamma, rows, rowBytes):  dgamma += sum over rows of dy*xhat
//
// They do what the JavaScript loops (kernels/batchnorm*.ts, norm-scale-grad.ts) do, in the same
// order and precision: float32 values widened exactly to float64, float64 products and sums row
// by row, one rounding to float32 per stored value. So they give the loops' bits. `sums` is a
// zeroed float64 scratch of 3n values (2n for the moments).
import { F64, I32, nextIteration, op, V128, type WasmFunction } from "./assembler.ts";

const get = op.localGet;
const set = op.localSet;
const add = (local: number, step: number[]) => [...get(local), ...step, ...op.i32Add, ...set(local)];
/** Two float32 at base + o, widened to f64x2. */
const pair = (base: number, o: number) => [...get(base), ...get(o), ...op.i32Add, ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4];
/** The address of the f64x2 of sums `part` (0, 1, 2: blocks of n doubles) for the floats at byte o. */
const sumAt = (sums: number, part: number, rowBytes: number, o: number) => [
  ...get(sums),
  ...get(o),
  ...op.i32Const(1),
  ...op.i32Shl,
  ...op.i32Add,
  ...(part === 0 ? [] : [...get(rowBytes), ...op.i32Const(part), ...op.i32Shl, ...op.i32Add]),
];
/** sums[part] += value (value's code leaves an f64x2). */
const accumulateSum = (sums: number, part: number, rowBytes: number, o: number, value: number[]) => [
  ...sumAt(sums, part, rowBytes, o),
  ...sumAt(sums, part, rowBytes, o),
  ...op.v128Load(0),
  ...value,
  ...op.f64x2Add,
  ...op.v128Store(0),
];
/** Stores an f64x2 (value's code) as two float32 at base + o. */
const storePair = (base: number, o: number, value: number[]) => [
  ...get(base),
  ...get(o),
  ...op.i32Add,
  ...value,
  ...op.f32x4DemoteF64x2Zero,
  ...op.v128Store64Lane0(0),
];

/** for o = 0, 8, … < rowBytes: inner. */
function pairLoop(o: number, rowBytes: number, inner: number[]): number[] {
  return [...op.i32Const(0), ...set(o), ...op.loop, ...inner, ...nextIteration(o, 8, rowBytes), ...op.end];
}

/** for r = 0 … rows-1: the pair loop, then each row pointer advanced by rowBytes. */
function rowLoop(r: number, rows: number, o: number, rowBytes: number, inner: number[], pointers: number[]): number[] {
  return [
    ...op.i32Const(0),
    ...set(r),
    ...op.loop,
    ...pairLoop(o, rowBytes, inner),
    ...pointers.flatMap((p) => add(p, get(rowBytes))),
    ...nextIteration(r, 1, rows),
    ...op.end,
  ];
}

// batchnorm_moments: params 0 x, 1 mean, 2 variance, 3 sums, 4 rows, 5 rowBytes, 6 count (f64); locals 7 r, 8 o, 9 p.
function momentsBody(): number[] {
  const [X, MEAN, VARIANCE, SUMS, ROWS, ROW_BYTES, COUNT, R, O, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const divided = (part: number) => [
    ...sumAt(SUMS, part, ROW_BYTES, O),
    ...op.v128Load(0),
    ...get(COUNT),
    ...op.f64x2Splat,
    ...op.f64x2Div,
  ];
  const centered = [...pair(P, O), ...pair(MEAN, O), ...op.f64x2Sub];
  return [
    ...get(X),
    ...set(P),
    ...rowLoop(R, ROWS, O, ROW_BYTES, accumulateSum(SUMS, 0, ROW_BYTES, O, pair(P, O)), [P]),
    ...pairLoop(O, ROW_BYTES, storePair(MEAN, O, divided(0))),
    ...get(X),
    ...set(P),
    ...rowLoop(R, ROWS, O, ROW_BYTES, accumulateSum(SUMS, 1, ROW_BYTES, O, [...centered, ...centered, ...op.f64x2Mul]), [P]),
    ...pairLoop(O, ROW_BYTES, storePair(VARIANCE, O, divided(1))),
  ];
}

// batchnorm_grad: params 0 xhat, 1 invStd, 2 gamma, 3 dy, 4 dx, 5 sums, 6 rows, 7 rowBytes,
// 8 throughStats (f64), 9 count (f64), 10 accumulate; locals 11 r, 12 o, 13 xhat row, 14 dy row, 15 dx row, 16 value (v128).
function gradBody(): number[] {
  const [XHAT, INV_STD, GAMMA, DY, DX, SUMS, ROWS, ROW_BYTES, STATS, COUNT, ACCUMULATE, R, O, XR, DYR, DXR, V] = Array.from(
    { length: 17 },
    (_, i) => i,
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
  const sum = (part: number) => [...sumAt(SUMS, part, ROW_BYTES, O), ...op.v128Load(0)];
  const sums = [
    ...accumulateSum(SUMS, 0, ROW_BYTES, O, pair(DYR, O)),
    ...accumulateSum(SUMS, 1, ROW_BYTES, O, [...pair(DYR, O), ...pair(XR, O), ...op.f64x2Mul]),
  ];
  const scale = [...sumAt(SUMS, 2, ROW_BYTES, O), ...pair(GAMMA, O), ...pair(INV_STD, O), ...op.f64x2Mul, ...op.v128Store(0)];
  // value = scale * (dy - (throughStats * (sum(dy) + xhat*sum(dy*xhat))) / count)
  const value = [
    ...sum(2),
    ...pair(DYR, O),
    ...get(STATS),
    ...op.f64x2Splat,
    ...sum(0),
    ...pair(XR, O),
    ...sum(1),
    ...op.f64x2Mul,
    ...op.f64x2Add,
    ...op.f64x2Mul,
    ...get(COUNT),
    ...op.f64x2Splat,
    ...op.f64x2Div,
    ...op.f64x2Sub,
    ...op.f64x2Mul,
    ...set(V),
    ...get(ACCUMULATE),
    ...op.if,
    ...pair(DXR, O),
    ...get(V),
    ...op.f64x2Add,
    ...set(V),
    ...op.end,
    ...storePair(DXR, O, get(V)),
  ];
  return [
    ...get(XHAT),
    ...set(XR),
    ...get(DY),
    ...set(DYR),
    ...rowLoop(R, ROWS, O, ROW_BYTES, sums, [XR, DYR]),
    ...pairLoop(O, ROW_BYTES, scale),
    ...get(XHAT),
    ...set(XR),
    ...get(DY),
    ...set(DYR),
    ...get(DX),
    ...set(DXR),
    ...rowLoop(R, ROWS, O, ROW_BYTES, value, [XR, DYR, DXR]),
  ];
}

// norm_scale_grad: params 0 dy, 1 xhat, 2 dgamma, 3 rows, 4 rowBytes; locals 5 r, 6 o.
function scaleGradBody(): number[] {
  const [DY, XHAT, DGAMMA, ROWS, ROW_BYTES, R, O] = [0, 1, 2, 3, 4, 5, 6];
  const inner = storePair(DGAMMA, O, [...pair(DGAMMA, O), ...pair(DY, O), ...pair(XHAT, O), ...op.f64x2Mul, ...op.f64x2Add]);
  return rowLoop(R, ROWS, O, ROW_BYTES, inner, [DY, XHAT]);
}

export const batchnormMomentsKernel: WasmFunction = {
  name: "batchnorm_moments",
  params: [I32, I32, I32, I32, I32, I32, F64],
  locals: [[3, I32]],
  body: momentsBody(),
};
export const batchnormGradKernel: WasmFunction = {
  name: "batchnorm_grad",
  params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, I32],
  locals: [
    [5, I32],
    [1, V128],
  ],
  body: gradBody(),
};
export const normScaleGradKernel: WasmFunction = {
  name: "norm_scale_grad",
  params: [I32, I32, I32, I32, I32],
  locals: [[2, I32]],
  body: scaleGradBody(),
};
