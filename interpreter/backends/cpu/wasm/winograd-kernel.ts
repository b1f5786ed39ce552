// The transforms of Winograd's F(2x2, 3x3) convolution (kernels/conv-winograd.ts), four
// channels at a time over NHWC data:
//
//   winograd_input(src, dst, count, channelBytes, rowBytes, eStride):
//     for `count` 4x4 input tiles d, 2 pixels apart from src (rows rowBytes apart):
//     V = B^T d B, its 16 values e = 4i + j stored at dst + e*eStride; dst moves one tile on.
//   winograd_output(m, y, count, channelBytes, eStride, rowBytes, accumulate):
//     for `count` tiles of 16 values M (value e at m + e*eStride): the 2x2 outputs A^T M A
//     written (or added, when accumulate is 1) at y, y + channel row, y + rowBytes, …; y moves 2 pixels on.
//   winograd_output_grad(dy, dm, count, channelBytes, rowBytes, eStride):
//     the adjoint of winograd_output, for the filter gradient: for `count` 2x2 tiles of dy,
//     dM = A dy A^T, its 16 values stored at dm + e*eStride; dm moves one tile on.
//
// with B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1] and A^T = [1 1 1 0; 0 1 -1 -1]: only
// additions and subtractions, in a fixed order, so the results are the same on every run.
// Channels go four at a time, so channelBytes must be a whole number of vectors (c % 4 == 0).
import { I32, op, rowLoops, V128, type WasmFunction } from "./assembler.ts";

const get = op.localGet;
const set = op.localSet;

/** base + o + sum of local * factor: a byte address. */
function addressOf(base: number, o: number, terms: [local: number, factor: number][]): number[] {
  const code = [...get(base), ...get(o), ...op.i32Add];
  for (const [local, factor] of terms) {
    if (factor === 0) continue;
    code.push(...get(local), ...(factor === 1 ? [] : [...op.i32Const(factor), ...op.i32Mul]), ...op.i32Add);
  }
  return code;
}

/** a + b or a - b of two f32x4 values whose code is given. */
const combine = (a: number[], sign: 1 | -1, b: number[]) => [...a, ...b, ...(sign === 1 ? op.f32x4Add : op.f32x4Sub)];

/**
 * The loops every transform runs: over `count` tiles and, inside, over the tile's channels 16
 * bytes at a time (`inner` reads o). After each tile the pointer on the pixel side moves 2
 * pixels (2 * channelBytes) and the one on the transformed side one tile (channelBytes).
 */
function tileLoops(inner: number[], pixels: number, transformed: number, cb: number, o: number, tile: number, count: number): number[] {
  const nextTile = [...get(pixels), ...get(cb), ...op.i32Const(1), ...op.i32Shl, ...op.i32Add, ...set(pixels)];
  nextTile.push(...get(transformed), ...get(cb), ...op.i32Add, ...set(transformed));
  return rowLoops(count, cb, tile, o, inner, nextTile);
}

/** B^T's rows as (first, sign, second): row k of B^T d is d[first] ± d[second]. */
const B_ROWS: [number, 1 | -1, number][] = [
  [0, -1, 2],
  [1, 1, 2],
  [2, -1, 1],
  [1, -1, 3],
];

// winograd_input: params 0 src, 1 dst, 2 count, 3 channelBytes, 4 rowBytes, 5 eStride;
// locals 6 tile, 7 o; v128 8..11 the four values of one row of B^T d.
function inputBody(): number[] {
  const [SRC, DST, COUNT, CB, ROW, E_STRIDE, TILE, O, T] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const inner: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [first, sign, second] = B_ROWS[k]!;
    for (let v = 0; v < 4; v++) {
      const load = (u: number) => [
        ...addressOf(SRC, O, [
          [ROW, u],
          [CB, v],
        ]),
        ...op.v128Load(0),
      ];
      inner.push(...combine(load(first), sign, load(second)), ...set(T + v));
    }
    for (let j = 0; j < 4; j++) {
      const [a, s, b] = B_ROWS[j]!;
      inner.push(...addressOf(DST, O, [[E_STRIDE, 4 * k + j]]), ...combine(get(T + a), s, get(T + b)), ...op.v128Store(0));
    }
  }
  return tileLoops(inner, SRC, DST, CB, O, TILE, COUNT);
}

// winograd_output: params 0 m, 1 y, 2 count, 3 channelBytes, 4 eStride, 5 rowBytes, 6 accumulate;
// locals 7 tile, 8 o; v128 9..12 row 0 of A^T M, 13..16 row 1, 17 an output.
function outputBody(): number[] {
  const [M, Y, COUNT, CB, E_STRIDE, ROW, ACCUMULATE, TILE, O, R0, R1, OUT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17];
  const inner: number[] = [];
  for (let v = 0; v < 4; v++) {
    const m = (u: number) => [...addressOf(M, O, [[E_STRIDE, 4 * u + v]]), ...op.v128Load(0)];
    inner.push(...m(0), ...m(1), ...op.f32x4Add, ...m(2), ...op.f32x4Add, ...set(R0 + v));
    inner.push(...m(1), ...m(2), ...op.f32x4Sub, ...m(3), ...op.f32x4Sub, ...set(R1 + v));
  }
  for (const [i, row] of [R0, R1].entries()) {
    for (let j = 0; j < 2; j++) {
      const at = addressOf(Y, O, [
        [ROW, i],
        [CB, j],
      ]);
      // Column j of (row) A: j = 0 adds values 0, 1, 2; j = 1 takes 1 - 2 - 3.
      const value =
        j === 0
          ? [...get(row), ...get(row + 1), ...op.f32x4Add, ...get(row + 2), ...op.f32x4Add]
          : [...get(row + 1), ...get(row + 2), ...op.f32x4Sub, ...get(row + 3), ...op.f32x4Sub];
      inner.push(
        ...value,
        ...set(OUT),
        ...get(ACCUMULATE),
        ...op.if,
        ...get(OUT),
        ...at,
        ...op.v128Load(0),
        ...op.f32x4Add,
        ...set(OUT),
        ...op.end,
      );
      inner.push(...at, ...get(OUT), ...op.v128Store(0));
    }
  }
  return tileLoops(inner, Y, M, CB, O, TILE, COUNT);
}

/** A^T's columns as maps of (value 0, value 1) pairs: column u of A^T applied to (a, b). */
const A_COLUMNS: ((a: number[], b: number[]) => number[])[] = [
  (a) => a,
  (a, b) => [...a, ...b, ...op.f32x4Add],
  (a, b) => [...a, ...b, ...op.f32x4Sub],
  (_a, b) => [...b, ...op.f32x4Neg],
];

// winograd_output_grad: params 0 dy, 1 dm, 2 count, 3 channelBytes, 4 rowBytes, 5 eStride;
// locals 6 tile, 7 o; v128 8..11 the tile's dy (row-major), 12..19 P = A dy (4 rows of 2).
function outputGradBody(): number[] {
  const [DY, DM, COUNT, CB, ROW, E_STRIDE, TILE, O, D, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12];
  const inner: number[] = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++)
      inner.push(
        ...addressOf(DY, O, [
          [ROW, i],
          [CB, j],
        ]),
        ...op.v128Load(0),
        ...set(D + 2 * i + j),
      );
  for (let u = 0; u < 4; u++) for (let j = 0; j < 2; j++) inner.push(...A_COLUMNS[u]!(get(D + j), get(D + 2 + j)), ...set(P + 2 * u + j));
  for (let u = 0; u < 4; u++)
    for (let v = 0; v < 4; v++)
      inner.push(...addressOf(DM, O, [[E_STRIDE, 4 * u + v]]), ...A_COLUMNS[v]!(get(P + 2 * u), get(P + 2 * u + 1)), ...op.v128Store(0));
  return tileLoops(inner, DY, DM, CB, O, TILE, COUNT);
}

export const winogradInputKernel: WasmFunction = {
  name: "winograd_input",
  params: new Array<number>(6).fill(I32),
  locals: [
    [2, I32],
    [4, V128],
  ],
  body: inputBody(),
};

export const winogradOutputKernel: WasmFunction = {
  name: "winograd_output",
  params: new Array<number>(7).fill(I32),
  locals: [
    [2, I32],
    [9, V128],
  ],
  body: outputBody(),
};

export const winogradOutputGradKernel: WasmFunction = {
  name: "winograd_output_grad",
  params: new Array<number>(6).fill(I32),
  locals: [
    [2, I32],
    [12, V128],
  ],
  body: outputGradBody(),
};
