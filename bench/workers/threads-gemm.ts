// Shared by bench/threads.ts and its worker: the control block layout and the column-panel loop.

/** The slice of the WebAssembly API used here (the project's TS libs do not declare it). */
export const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
      Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => { buffer: SharedArrayBuffer };
    };
  }
).WebAssembly;
export type Panel = (
  a: number,
  aRow: number,
  aStep: number,
  b: number,
  bStep: number,
  c: number,
  cRow: number,
  kc: number,
  accumulate: number,
  tiles: number,
) => void;

export interface GemmCall {
  a: number;
  b: number;
  c: number;
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
}

/** Int32 slots at the start of the shared memory: request and done sequence numbers, then the call's fields. */
export const CONTROL = { request: 0, done: 1, args: 2, length: 16 } as const;

/** C[:, 8*first .. 8*end) = op(A) @ B[:, same]; n is a multiple of 8 and m of 4 in the bench shapes. */
export function runPanels(panel: Panel, call: GemmCall, first: number, end: number): void {
  const { a, b, c, m, k, n, transposeA } = call;
  const aRow = transposeA ? 4 : k * 4;
  const aStep = transposeA ? m * 4 : 4;
  for (let j = first * 8; j < end * 8; j += 8) panel(a, aRow, aStep, b + j * 4, n * 4, c + j * 4, n * 4, k, 0, m / 4);
}
