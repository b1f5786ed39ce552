// Per-channel kernels over [rows, n] matrices (n a multiple of 4, so every row starts on a whole
// vector), four channels at a time:
//
//   add_rows(a, b, out, rows, rowBytes):      out[r, :] = a[r, :] + b[:]       (a bias over the last axis)
//   column_sums(x, out, rows, rowBytes):      out[:] += sum over r of x[r, :]  (its gradient, rows in order)
//   batchnorm_rows(x, mean, invStd, gamma, beta, xhat, y, rows, rowBytes):
//     xhat = (x - mean) * invStd, y = gamma * xhat + beta
//
// add_rows and column_sums round like the JavaScript loops (one float32 rounding per add, in the
// same order), so they give the same bits; batchnorm_rows rounds each step to float32 where the
// loop keeps the normalized value in float64, so its results differ from the loop's in the last bit.
import { I32, op, rowLoops, V128, type WasmFunction } from "./assembler.ts";

const get = op.localGet;
const set = op.localSet;
const add = (local: number, step: number[]) => [...get(local), ...step, ...op.i32Add, ...set(local)];

// add_rows: params 0 a, 1 b, 2 out, 3 rows, 4 rowBytes; locals 5 r, 6 o.
function addRowsBody(): number[] {
  const [A, B, OUT, ROWS, ROW_BYTES, R, O] = [0, 1, 2, 3, 4, 5, 6];
  const at = (base: number) => [...get(base), ...get(O), ...op.i32Add];
  const inner = [...at(OUT), ...at(A), ...op.v128Load(0), ...at(B), ...op.v128Load(0), ...op.f32x4Add, ...op.v128Store(0)];
  const nextRow = [...add(A, get(ROW_BYTES)), ...add(OUT, get(ROW_BYTES))];
  return rowLoops(ROWS, ROW_BYTES, R, O, inner, nextRow);
}

// column_sums: params 0 x, 1 out, 2 rows, 3 rowBytes; locals 4 r, 5 o.
function columnSumsBody(): number[] {
  const [X, OUT, ROWS, ROW_BYTES, R, O] = [0, 1, 2, 3, 4, 5];
  const at = (base: number) => [...get(base), ...get(O), ...op.i32Add];
  const inner = [...at(OUT), ...at(OUT), ...op.v128Load(0), ...at(X), ...op.v128Load(0), ...op.f32x4Add, ...op.v128Store(0)];
  return rowLoops(ROWS, ROW_BYTES, R, O, inner, add(X, get(ROW_BYTES)));
}

// batchnorm_rows: params 0 x, 1 mean, 2 invStd, 3 gamma, 4 beta, 5 xhat, 6 y, 7 rows, 8 rowBytes;
// locals 9 r, 10 o, 11 normalized (v128).
function batchnormRowsBody(): number[] {
  const [X, MEAN, INV_STD, GAMMA, BETA, XHAT, Y, ROWS, ROW_BYTES, R, O, N] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const at = (base: number) => [...get(base), ...get(O), ...op.i32Add];
  const inner = [
    ...at(X),
    ...op.v128Load(0),
    ...at(MEAN),
    ...op.v128Load(0),
    ...op.f32x4Sub,
    ...at(INV_STD),
    ...op.v128Load(0),
    ...op.f32x4Mul,
    ...set(N),
    ...at(XHAT),
    ...get(N),
    ...op.v128Store(0),
    ...at(Y),
    ...at(GAMMA),
    ...op.v128Load(0),
    ...get(N),
    ...op.f32x4Mul,
    ...at(BETA),
    ...op.v128Load(0),
    ...op.f32x4Add,
    ...op.v128Store(0),
  ];
  const nextRow = [...add(X, get(ROW_BYTES)), ...add(XHAT, get(ROW_BYTES)), ...add(Y, get(ROW_BYTES))];
  return rowLoops(ROWS, ROW_BYTES, R, O, inner, nextRow);
}

export const addRowsKernel: WasmFunction = { name: "add_rows", params: [I32, I32, I32, I32, I32], locals: [[2, I32]], body: addRowsBody() };
export const columnSumsKernel: WasmFunction = {
  name: "column_sums",
  params: [I32, I32, I32, I32],
  locals: [[2, I32]],
  body: columnSumsBody(),
};
export const batchnormRowsKernel: WasmFunction = {
  name: "batchnorm_rows",
  params: new Array<number>(9).fill(I32),
  locals: [
    [2, I32],
    [1, V128],
  ],
  body: batchnormRowsBody(),
};
