// Worker threads that share the CPU backend's WebAssembly memory and compute row ranges of a
// direct-path GEMM (matmul-gemm.ts) next to the main thread. Each worker has a 64-byte slot
// of Int32 words on the heap: the main thread writes a call's fields, bumps `request` and
// wakes the worker (Atomics.notify); the worker runs its rows and bumps `done`. A worker
// computes every output element it owns exactly as the main thread would (same kernel, same
// order over k), so results are bit-identical for any thread count.
//
// Node only: worker_threads is reached through process.getBuiltinModule, with no static
// import, so the browser bundle loads this file and simply gets no pool (one thread).
import { GEMM_MR, GEMM_NR } from "./gemm-kernel.ts";

/** Int32 words of a worker's slot: sequence numbers, whether it has started, then the call's fields. */
const SLOT = { request: 0, done: 1, ready: 2, args: 3, words: 16 } as const;
export const SLOT_BYTES = SLOT.words * 4;

/** Rows of A (a multiple of GEMM_MR) taken across all of B at a time, as in matmul-gemm.ts. */
export const DIRECT_ROWS = 128;

/**
 * The worker's loop, run from this string (workers do not inherit tsx's hooks, and a fixed
 * string needs no file next to the compiled output). It mirrors the full-tile loop of
 * matmul-gemm.ts's direct path.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = process.getBuiltinModule("node:worker_threads");
const { module, memory, slot } = workerData;
const panel = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm_panel_direct;
const words = new Int32Array(memory.buffer, slot, ${SLOT.words});
const MR = ${GEMM_MR}, NR = ${GEMM_NR}, ROWS = ${DIRECT_ROWS};
let seen = 0;
Atomics.store(words, ${SLOT.ready}, 1);
parentPort.postMessage("ready");
for (;;) {
  Atomics.wait(words, ${SLOT.request}, seen);
  seen = Atomics.load(words, ${SLOT.request});
  const [a, aRow, aStep, b, c, n, k, add, first, end] = Array.from({ length: 10 }, (_, i) => Atomics.load(words, ${SLOT.args} + i));
  for (let i0 = first; i0 < end; i0 += ROWS) {
    const tiles = Math.min(ROWS, end - i0) / MR;
    for (let j = 0; j + NR <= n; j += NR) panel(a + i0 * aRow, aRow, aStep, b + j * 4, n * 4, c + (i0 * n + j) * 4, n * 4, k, add, tiles);
  }
  Atomics.store(words, ${SLOT.done}, seen);
  Atomics.notify(words, ${SLOT.done});
}
`;

interface WorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true; execArgv: string[]; workerData: unknown },
  ) => { unref(): void; once(event: "message" | "error", listener: () => void): void };
}

function workerThreads(): WorkerThreads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:worker_threads") as WorkerThreads | undefined;
}

/** Whether this environment can start the pool's workers (Node with worker_threads). */
export function threadsAvailable(): boolean {
  return workerThreads() !== undefined;
}

/** The fields of one full-tile row range: see gemm-kernel.ts's gemm_panel_direct. */
export interface RowRange {
  a: number;
  aRow: number;
  aStep: number;
  b: number;
  c: number;
  n: number;
  k: number;
  add: number;
  first: number;
  end: number;
}

export class ThreadPool {
  private readonly slots: Int32Array[] = [];
  private sequence = 0;
  /** Settles once every worker has started (or failed to: then the main thread keeps its share). */
  readonly started: Promise<void>;

  /**
   * Starts `workers` workers on `memory` (shared), each with a slot at `slotsOffset` + i *
   * SLOT_BYTES. Once started they are unref'd: an idle pool never keeps the process alive.
   */
  constructor(module: object, memory: { buffer: ArrayBufferLike }, slotsOffset: number, workers: number) {
    const { Worker } = workerThreads()!;
    const starts: Promise<void>[] = [];
    for (let i = 0; i < workers; i++) {
      const slot = slotsOffset + i * SLOT_BYTES;
      this.slots.push(new Int32Array(memory.buffer, slot, SLOT.words));
      // No execArgv: the parent's (--input-type, loader hooks) are not for this plain script.
      const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { module, memory, slot } });
      starts.push(
        new Promise((resolve) => {
          const settle = () => {
            worker.unref();
            resolve();
          };
          worker.once("message", settle);
          worker.once("error", settle);
        }),
      );
    }
    this.started = Promise.all(starts).then(() => undefined);
  }

  /** Threads the pool was asked for: the workers and the main thread. */
  get threads(): number {
    return this.slots.length + 1;
  }

  /**
   * Workers that have started, in slot order (a worker starts a few milliseconds after the pool;
   * until then the main thread keeps its share, so nothing ever waits on a worker that is not
   * running, and the bits do not depend on who computes a range).
   */
  readyWorkers(): number {
    let ready = 0;
    while (ready < this.slots.length && Atomics.load(this.slots[ready]!, SLOT.ready) === 1) ready++;
    return ready;
  }

  /** Hands each worker its range (ranges[i] to worker i) and returns at once. */
  start(ranges: readonly RowRange[]): void {
    this.sequence++;
    ranges.forEach((range, i) => {
      const words = this.slots[i]!;
      const { a, aRow, aStep, b, c, n, k, add, first, end } = range;
      [a, aRow, aStep, b, c, n, k, add, first, end].forEach((value, field) => Atomics.store(words, SLOT.args + field, value));
      Atomics.store(words, SLOT.request, this.sequence);
      Atomics.notify(words, SLOT.request);
    });
  }

  /** Waits until the first `count` workers have finished the ranges of the last start(). */
  finish(count: number): void {
    for (let i = 0; i < count; i++) {
      const words = this.slots[i]!;
      for (let seen = Atomics.load(words, SLOT.done); seen !== this.sequence; seen = Atomics.load(words, SLOT.done)) {
        Atomics.wait(words, SLOT.done, seen);
      }
    }
  }
}
