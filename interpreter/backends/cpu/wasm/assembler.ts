// Just enough of the WebAssembly binary format to hand-assemble the CPU backend's SIMD
// kernels, so no compiler toolchain is needed at install or run time. Every module imports
// the backend's one memory as env.memory, so kernels work on tensors in place.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const F64 = 0x7c;

export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  f32Const: (value: number) => [0x43, ...new Uint8Array(Float32Array.of(value).buffer)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Eq: [0x46],
  i32Eqz: [0x45],
  i32Ne: [0x47],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  /** val1 val2 cond -> cond ? val1 : val2. */
  select: [0x1b],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  f32Add: [0x92],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  /** One float loaded into all four lanes (a broadcast load, no shuffle). */
  v128Load32Splat: (offset: number) => [0xfd, 0x09, 2, ...uleb(offset)],
  /** Relaxed SIMD: a * b + c, fused (one rounding) where the CPU has FMA, else a multiply and an add. */
  f32x4RelaxedMadd: [0xfd, 0x85, 0x02],
  f32x4Splat: [0xfd, 0x13],
  f32x4ExtractLane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Neg: [0xfd, 0xe1, 0x01],
  f32x4Sqrt: [0xfd, 0xe3, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Sub: [0xfd, 0xe5, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Div: [0xfd, 0xe7, 0x01],
  f32x4Pmax: [0xfd, 0xeb, 0x01],
  f32x4Gt: [0xfd, 0x44],
  v128And: [0xfd, 0x4e],
  v128Or: [0xfd, 0x50],
  /** v1 v2 mask -> (v1 & mask) | (v2 & ~mask). */
  v128Bitselect: [0xfd, 0x52],
  i32x4Splat: [0xfd, 0x11],
  /** Two floats into the low half (the high half zero). */
  v128Load64Zero: (offset: number) => [0xfd, 0x5d, 3, ...uleb(offset)],
  /** The low half (two floats) stored. */
  v128Store64Lane0: (offset: number) => [0xfd, 0x5b, 3, ...uleb(offset), 0],
  f64x2PromoteLowF32x4: [0xfd, 0x5f],
  /** Rounds to nearest, as a Float32Array store does; the high half zero. */
  f32x4DemoteF64x2Zero: [0xfd, 0x5e],
  f64x2Splat: [0xfd, 0x14],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Sub: [0xfd, 0xf1, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
  f64x2Div: [0xfd, 0xf3, 0x01],
  i32x4ExtractLane: (lane: number) => [0xfd, 0x1b, lane],
} as const;

/** Pushes the i32 address local `base` + local `offset`. */
export function address(base: number, offset: number): number[] {
  return [...op.localGet(base), ...op.localGet(offset), ...op.i32Add];
}

/** local += step (an i32 constant). */
export function increment(local: number, step: number): number[] {
  return [...op.localGet(local), ...op.i32Const(step), ...op.i32Add, ...op.localSet(local)];
}

/** The tail of a counted loop: local += step, and loop again while local < limit (unsigned). */
export function nextIteration(local: number, step: number, limit: number): number[] {
  return [...increment(local, step), ...op.localGet(local), ...op.localGet(limit), ...op.i32LtU, ...op.brIf(0)];
}

/**
 * Two nested loops: rows (r from 0 while r < rows) and, inside, a row's bytes a whole f32x4 at a
 * time (o from 0 by 16 while o < rowBytes), running `inner`, then `afterRow` after each row.
 */
export function rowLoops(rows: number, rowBytes: number, r: number, o: number, inner: number[], afterRow: number[]): number[] {
  return [
    ...op.loop,
    ...op.i32Const(0),
    ...op.localSet(o),
    ...op.loop,
    ...inner,
    ...nextIteration(o, 16, rowBytes),
    ...op.end,
    ...afterRow,
    ...nextIteration(r, 1, rows),
    ...op.end,
  ];
}

/** The tail of a loop over whole f32x4 vectors: offset += 16, and loop again while offset < bytes. */
export function nextVector(offset: number, bytes: number): number[] {
  return [
    ...op.localGet(offset),
    ...op.i32Const(16),
    ...op.i32Add,
    ...op.localTee(offset),
    ...op.localGet(bytes),
    ...op.i32LtU,
    ...op.brIf(0),
  ];
}

export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

export interface WasmFunction {
  name: string;
  params: number[];
  /** The one result's type; none when absent. */
  result?: number;
  /** Extra locals by type, in order after the params. */
  locals: [count: number, type: number][];
  body: number[];
}

/**
 * A module that imports env.memory and exports each function under its name. With
 * `sharedMaxPages` it imports a shared memory (SharedArrayBuffer) that threads can use together.
 */
export function moduleBytes(functions: readonly WasmFunction[], sharedMaxPages?: number): Uint8Array {
  const memoryLimits = sharedMaxPages === undefined ? [0x00, 0x01] : [0x03, 0x01, ...uleb(sharedMaxPages)];
  const types = functions.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, ...(f.result === undefined ? [0] : [1, f.result])]);
  const bodies = functions.flatMap((f) => {
    const code = [...uleb(f.locals.length), ...f.locals.flatMap(([count, type]) => [...uleb(count), type]), ...f.body, ...op.end];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [...uleb(functions.length), ...types]),
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, ...memoryLimits]), // memory, min 1 page
    ...section(3, [...uleb(functions.length), ...functions.map((_, i) => i)]),
    ...section(7, [...uleb(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)])]),
    ...section(10, [...uleb(functions.length), ...bodies]),
  ]);
}
