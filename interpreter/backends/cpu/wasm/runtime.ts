// One WebAssembly memory per CPU backend, holding every tensor, so the SIMD kernels work on
// tensors in place instead of copying them in and out. The GEMM's packing space sits at the
// bottom; tensors follow, 16-byte aligned and padded to whole f32x4 vectors. The memory only
// grows (tensors live as long as their backend, as the static plan wants), and growing it
// re-creates every Float32Array view on it.
import { adamKernel } from "./adam-kernel.ts";
import { moduleBytes } from "./assembler.ts";
import { reluGradKernel, reluKernel } from "./relu-kernel.ts";
import { GEMM_KC, GEMM_MC, GEMM_MR, GEMM_NC, GEMM_NR, gemmPanelDirect, gemmTile } from "./gemm-kernel.ts";

/** The slice of the WebAssembly API used here (the project's TS libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const kernelModuleBytes = moduleBytes([gemmTile, gemmPanelDirect, adamKernel, reluKernel, reluGradKernel]);

/** Compiled once per process; undefined where WebAssembly SIMD is unavailable. */
const kernelModule: object | undefined = (() => {
  try {
    return wasmApi?.validate(kernelModuleBytes) ? new wasmApi.Module(kernelModuleBytes) : undefined;
  } catch {
    return undefined;
  }
})();

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
  readonly packedA = { data: new Float32Array(0) };
  readonly packedB = { data: new Float32Array(0) };
  readonly tile = { data: new Float32Array(0) };
  readonly packedAOffset = PACKED_A;
  readonly packedBOffset = PACKED_B;
  readonly tileOffset = TILE;
  private readonly memory: WasmMemory;
  private readonly placed: Placed[] = [];
  private readonly scratchSpaces = new Map<string, { data: Float32Array }>();
  private top = FIRST_TENSOR;

  /** A runtime with its own memory, or undefined where WebAssembly SIMD is unavailable. */
  static create(): WasmRuntime | undefined {
    return kernelModule && wasmApi ? new WasmRuntime(wasmApi, kernelModule) : undefined;
  }

  private constructor(api: WasmApi, module: object) {
    this.memory = new api.Memory({ initial: Math.ceil(FIRST_TENSOR / PAGE) + 16 });
    const { exports } = new api.Instance(module, { env: { memory: this.memory } });
    this.gemmTile = exports["gemm_tile"] as WasmRuntime["gemmTile"];
    this.gemmPanelDirect = exports["gemm_panel_direct"] as WasmRuntime["gemmPanelDirect"];
    this.adam = exports["adam"] as WasmRuntime["adam"];
    this.relu = exports["relu"] as WasmRuntime["relu"];
    this.reluGrad = exports["relu_grad"] as WasmRuntime["reluGrad"];
    this.place(this.packedA, PACKED_A, GEMM_MC * GEMM_KC);
    this.place(this.tile, TILE, GEMM_MR * GEMM_NR);
    this.place(this.packedB, PACKED_B, GEMM_KC * GEMM_NC);
  }

  /** Gives `holder` a zero-filled view of `size` floats on the heap. */
  alloc(holder: { data: Float32Array }, size: number): void {
    const offset = this.top;
    this.top += vectorBytes(size);
    const needed = Math.ceil((this.top + GUARD) / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) {
      this.memory.grow(Math.max(needed, this.memory.buffer.byteLength / PAGE));
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
