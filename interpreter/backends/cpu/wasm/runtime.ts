// One WebAssembly memory per CPU backend, holding every tensor, so the SIMD kernels work on
// tensors in place instead of copying them in and out. The GEMM's packing space sits at the
// bottom; tensors follow, 16-byte aligned and padded to whole f32x4 vectors. The memory only
// grows (tensors live as long as their backend, as the static plan wants), and growing it
// re-creates every Float32Array view on it.
import { BackendOutOfMemoryError } from "../../backend.ts";
import { adamKernel } from "./adam-kernel.ts";
import { moduleBytes } from "./assembler.ts";
import { reluGradKernel, reluKernel } from "./relu-kernel.ts";
import { col2imAddKernel, im2colKernel } from "./im2col-kernel.ts";
import { maxpoolGradKernel, maxpoolKernel } from "./maxpool-kernel.ts";
import { batchnormGradKernel, batchnormMomentsKernel, normScaleGradKernel } from "./norm-kernel.ts";
import { addRowsKernel, batchnormRowsKernel, columnSumsKernel } from "./rows-kernel.ts";
import { winogradInputKernel, winogradOutputGradKernel, winogradOutputKernel } from "./winograd-kernel.ts";
import { SLOT_BYTES, ThreadPool, threadsAvailable } from "./thread-pool.ts";
import { GEMM_KC, GEMM_MC, GEMM_MR, GEMM_NC, GEMM_NR, gemmPanelDirect, gemmTile, type MultiplyAdd } from "./gemm-kernel.ts";

/** The slice of the WebAssembly API used here (the project's TS libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** A shared memory must declare its maximum: 4 GiB, the most one WebAssembly memory holds. */
const SHARED_MAX_PAGES = 65536;

const kernelModuleBytes = (kind: MultiplyAdd, shared: boolean) =>
  moduleBytes(
    [
      gemmTile(kind),
      gemmPanelDirect(kind),
      adamKernel,
      reluKernel,
      reluGradKernel,
      im2colKernel,
      col2imAddKernel,
      maxpoolKernel,
      maxpoolGradKernel,
      batchnormMomentsKernel,
      batchnormGradKernel,
      normScaleGradKernel,
      addRowsKernel,
      columnSumsKernel,
      batchnormRowsKernel,
      winogradInputKernel,
      winogradOutputKernel,
      winogradOutputGradKernel,
    ],
    shared ? SHARED_MAX_PAGES : undefined,
  );

function compile(bytes: Uint8Array): object | undefined {
  try {
    return wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node 20's V8 has Relaxed SIMD behind a flag, which may be set at run time before a module that
 * uses it compiles (browsers have it on). No static import of node:v8, so browsers load this file.
 */
function enableRelaxedSimd(): void {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const v8 = proc?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined;
  v8?.setFlagsFromString("--experimental-wasm-relaxed-simd");
}

/** Each build compiled once per process, on first use; undefined where WebAssembly SIMD (or, for fma, Relaxed SIMD) is unavailable. */
const kernelModules = new Map<string, object | undefined>();
function kernelModule(kind: MultiplyAdd, shared = false): object | undefined {
  const key = `${kind} ${shared}`;
  if (!kernelModules.has(key)) {
    if (kind === "fma") enableRelaxedSimd();
    kernelModules.set(key, compile(kernelModuleBytes(kind, shared)));
  }
  return kernelModules.get(key);
}

const PAGE = 65536;
const PACKED_A = 0;
const TILE = PACKED_A + GEMM_MC * GEMM_KC * 4;
const PACKED_B = TILE + GEMM_MR * GEMM_NR * 4;
const FIRST_TENSOR = PACKED_B + GEMM_KC * GEMM_NC * 4;
/** Bytes kept readable past the last tensor: a ragged GEMM tile reads (and discards) up to 7 floats past B's end. */
const GUARD = 64;

/** Bytes a SIMD kernel walks over (or the heap reserves for) `length` floats: whole f32x4 vectors. */
export function vectorBytes(length: number): number {
  return Math.ceil(length / 4) * 16;
}

type Im2colArgs = [
  x: number,
  col: number,
  count: number,
  b: number,
  i: number,
  j: number,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  pt: number,
  pl: number,
];

type MaxpoolGeometry = [
  n: number,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  pt: number,
  pl: number,
];

/** Something whose `data` is a view on the heap (a tensor, or the runtime's own scratch views). */
interface Placed {
  holder: { data: Float32Array };
  offset: number;
  size: number;
}

export class WasmRuntime {
  /** gemm_tile(a, b, c, kc): see gemm-kernel.ts. */
  readonly gemmTile: (a: number, b: number, c: number, kc: number) => void;
  /** gemm_panel_direct(a, aRow, aStep, b, bStep, c, cRow, kc, accumulate, tiles): see gemm-kernel.ts. */
  readonly gemmPanelDirect: (
    ...args: [
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
    ]
  ) => void;
  /** adam(w, g, m, v, bytes, step, beta1, 1-beta1, beta2, 1-beta2, invCorrection2, epsilon): see adam-kernel.ts. */
  readonly adam: (
    ...args: [
      w: number,
      g: number,
      m: number,
      v: number,
      bytes: number,
      step: number,
      beta1: number,
      oneMinusBeta1: number,
      beta2: number,
      oneMinusBeta2: number,
      invCorrection2: number,
      epsilon: number,
    ]
  ) => void;
  /** relu(x, y, bytes) and relu_grad(x, dy, dx, bytes, accumulate): see relu-kernel.ts. */
  readonly relu: (x: number, y: number, bytes: number) => void;
  readonly reluGrad: (x: number, dy: number, dx: number, bytes: number, accumulate: number) => void;
  /** im2col(x, col, count, b, i, j, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl) and col2im_add(dx, col, …): see im2col-kernel.ts. */
  readonly im2col: (...args: Im2colArgs) => void;
  readonly col2imAdd: (...args: Im2colArgs) => void;
  /** maxpool(x, y, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl) and maxpool_grad(x, dy, dx, …): see maxpool-kernel.ts. */
  readonly maxpool: (...args: [x: number, y: number, ...geometry: MaxpoolGeometry]) => void;
  readonly maxpoolGrad: (...args: [x: number, dy: number, dx: number, ...geometry: MaxpoolGeometry]) => void;
  /** batchnorm_moments, batchnorm_grad, norm_scale_grad in float64: see norm-kernel.ts. */
  readonly batchnormMoments: (
    ...args: [x: number, mean: number, variance: number, sums: number, rows: number, rowBytes: number, count: number]
  ) => void;
  readonly batchnormGrad: (
    ...args: [
      xhat: number,
      invStd: number,
      gamma: number,
      dy: number,
      dx: number,
      sums: number,
      rows: number,
      rowBytes: number,
      throughStats: number,
      count: number,
      accumulate: number,
    ]
  ) => void;
  readonly normScaleGrad: (dy: number, xhat: number, dgamma: number, rows: number, rowBytes: number) => void;
  /** add_rows(a, b, out, rows, rowBytes), column_sums(x, out, rows, rowBytes), batchnorm_rows(…): see rows-kernel.ts. */
  readonly addRows: (a: number, b: number, out: number, rows: number, rowBytes: number) => void;
  readonly columnSums: (x: number, out: number, rows: number, rowBytes: number) => void;
  readonly batchnormRows: (
    ...args: [x: number, mean: number, invStd: number, gamma: number, beta: number, xhat: number, y: number, rows: number, rowBytes: number]
  ) => void;
  /** winograd_input(src, dst, count, channelBytes, rowBytes, eStride), winograd_output(m, y, count, channelBytes, eStride, rowBytes, accumulate), winograd_output_grad(dy, dm, count, channelBytes, rowBytes, eStride): see winograd-kernel.ts. */
  readonly winogradInput: (
    ...args: [src: number, dst: number, count: number, channelBytes: number, rowBytes: number, eStride: number]
  ) => void;
  readonly winogradOutput: (
    ...args: [m: number, y: number, count: number, channelBytes: number, eStride: number, rowBytes: number, accumulate: number]
  ) => void;
  readonly winogradOutputGrad: (
    ...args: [dy: number, dm: number, count: number, channelBytes: number, rowBytes: number, eStride: number]
  ) => void;
  readonly packedA = { data: new Float32Array(0) };
  readonly packedB = { data: new Float32Array(0) };
  readonly tile = { data: new Float32Array(0) };
  readonly packedAOffset = PACKED_A;
  readonly packedBOffset = PACKED_B;
  readonly tileOffset = TILE;
  /** The workers that share this memory, when more than one thread was asked for (Node only). */
  readonly pool: ThreadPool | undefined;
  private readonly memory: WasmMemory;
  private readonly placed: Placed[] = [];
  private readonly scratchSpaces = new Map<string, { data: Float32Array }>();
  private top = FIRST_TENSOR;

  /**
   * A runtime with its own memory, or undefined where WebAssembly SIMD is unavailable. Its GEMM
   * uses fused multiply-adds where Relaxed SIMD is available (unless `multiplyAdd` is "plain"),
   * else the plain build. With `threads` > 1 (and worker threads available) the memory is
   * shared with a pool of threads - 1 workers; with 1 it is a plain memory, as always.
   */
  static create(multiplyAdd: MultiplyAdd = "fma", threads = 1): WasmRuntime | undefined {
    const shared = threads > 1 && threadsAvailable();
    const kind = multiplyAdd === "fma" && kernelModule("fma", shared) ? "fma" : "plain";
    const module = kernelModule(kind, shared);
    return module && wasmApi ? new WasmRuntime(wasmApi, module, kind, shared ? threads : 1) : undefined;
  }

  private constructor(
    api: WasmApi,
    module: object,
    /** The GEMM's multiply-add build (gemm-kernel.ts): "fma" rounds once per step, "plain" twice. */
    readonly multiplyAdd: MultiplyAdd,
    threads: number,
  ) {
    const initial = Math.ceil(FIRST_TENSOR / PAGE) + 16;
    this.memory = new api.Memory(threads > 1 ? { initial, maximum: SHARED_MAX_PAGES, shared: true } : { initial });
    const { exports } = new api.Instance(module, { env: { memory: this.memory } });
    this.gemmTile = exports["gemm_tile"] as WasmRuntime["gemmTile"];
    this.gemmPanelDirect = exports["gemm_panel_direct"] as WasmRuntime["gemmPanelDirect"];
    this.adam = exports["adam"] as WasmRuntime["adam"];
    this.relu = exports["relu"] as WasmRuntime["relu"];
    this.reluGrad = exports["relu_grad"] as WasmRuntime["reluGrad"];
    this.im2col = exports["im2col"] as WasmRuntime["im2col"];
    this.col2imAdd = exports["col2im_add"] as WasmRuntime["col2imAdd"];
    this.maxpool = exports["maxpool"] as WasmRuntime["maxpool"];
    this.maxpoolGrad = exports["maxpool_grad"] as WasmRuntime["maxpoolGrad"];
    this.batchnormMoments = exports["batchnorm_moments"] as WasmRuntime["batchnormMoments"];
    this.batchnormGrad = exports["batchnorm_grad"] as WasmRuntime["batchnormGrad"];
    this.normScaleGrad = exports["norm_scale_grad"] as WasmRuntime["normScaleGrad"];
    this.addRows = exports["add_rows"] as WasmRuntime["addRows"];
    this.columnSums = exports["column_sums"] as WasmRuntime["columnSums"];
    this.batchnormRows = exports["batchnorm_rows"] as WasmRuntime["batchnormRows"];
    this.winogradInput = exports["winograd_input"] as WasmRuntime["winogradInput"];
    this.winogradOutput = exports["winograd_output"] as WasmRuntime["winogradOutput"];
    this.winogradOutputGrad = exports["winograd_output_grad"] as WasmRuntime["winogradOutputGrad"];
    this.place(this.packedA, PACKED_A, GEMM_MC * GEMM_KC);
    this.place(this.tile, TILE, GEMM_MR * GEMM_NR);
    this.place(this.packedB, PACKED_B, GEMM_KC * GEMM_NC);
    if (threads > 1) {
      const slots = { data: new Float32Array(0) };
      this.alloc(slots, ((threads - 1) * SLOT_BYTES) / 4);
      this.pool = new ThreadPool(module, this.memory, slots.data.byteOffset, threads - 1);
    }
  }

  /** Gives `holder` a zero-filled view of `size` floats on the heap. */
  alloc(holder: { data: Float32Array }, size: number): void {
    const offset = this.top;
    this.top += vectorBytes(size);
    const needed = Math.ceil((this.top + GUARD) / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) {
      try {
        this.memory.grow(Math.max(needed, this.memory.buffer.byteLength / PAGE));
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        throw new BackendOutOfMemoryError(
          `the cpu backend cannot grow its memory to ${((this.top + GUARD) / 1024 ** 3).toFixed(1)} GB (one WebAssembly memory holds at most 4 GB)`,
        );
      }
      for (const p of this.placed) p.holder.data = new Float32Array(this.memory.buffer, p.offset, p.size);
    }
    this.place(holder, offset, size);
  }

  /**
   * A heap buffer of at least `size` floats kept under `name` and reused by later calls (kernels
   * run one at a time), so that a kernel's temporaries are SIMD operands too. Growing it may grow
   * the memory, which re-creates every tensor's view: take it before reading tensors' `data`.
   */
  scratch(name: string, size: number): Float32Array {
    let space = this.scratchSpaces.get(name);
    if (!space || space.data.length < size) {
      space = { data: new Float32Array(0) };
      this.alloc(space, size);
      this.scratchSpaces.set(name, space);
    }
    return space.data;
  }

  /**
   * Whether every array given is a view on this heap, so a SIMD kernel can take its byteOffset
   * (a whole tensor's view: the kernels also touch its padding up to a whole vector). Fixed
   * parameters rather than rest ones, so that a kernel call allocates nothing.
   */
  holds(a: Float32Array, b: Float32Array, c?: Float32Array, d?: Float32Array): boolean {
    const buffer = this.memory.buffer;
    return a.buffer === buffer && b.buffer === buffer && (!c || c.buffer === buffer) && (!d || d.buffer === buffer);
  }

  private place(holder: { data: Float32Array }, offset: number, size: number): void {
    holder.data = new Float32Array(this.memory.buffer, offset, size);
    this.placed.push({ holder, offset, size });
  }
}
