// The GEMM micro-kernel as a hand-assembled WebAssembly SIMD module (no toolchain needed).
//
//   kernel(a, b, c, kc): for p in 0..kc: C[4 x 8] += A[p, 0..3]^T * B[p, 0..7]
//
// `a` points at a packed A panel (4 floats per p), `b` at a packed B panel (8 floats per p),
// `c` at a 32-float tile that receives C row-major (overwritten, not accumulated). The tile
// lives in eight f32x4 locals; each p does 2 vector loads of B, 4 scalar loads + splats of A,
// and 8 f32x4 multiplies and 8 adds (64 flops). kc must be at least 1.
//
// Memory layout (16 pages = 1 MiB, never grown, so JS views stay valid):
//   [0, 64 KiB)        packed A block, MC x KC floats (MC*KC*4 must stay <= 64 KiB)
//   [64 KiB, +128 B)   C tile, MR x NR floats
//   [128 KiB, 1 MiB)   packed B block, KC x NC floats

export const GEMM_MR = 4;
export const GEMM_NR = 8;
export const GEMM_KC = 128;
export const GEMM_MC = 128;
export const GEMM_NC = 128;

export interface GemmWasm {
  readonly kernel: (a: number, b: number, c: number, kc: number) => void;
  readonly packedA: Float32Array;
  readonly packedB: Float32Array;
  readonly tile: Float32Array;
  /** Byte offsets of the three regions in the module's memory. */
  readonly aBase: number;
  readonly bBase: number;
  readonly tileBase: number;
}

const A_BASE = 0;
const TILE_BASE = 64 * 1024;
const B_BASE = 128 * 1024;
const PAGES = 16;

// Opcodes used below.
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const F32_LOAD = 0x2a;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const V128_STORE = [SIMD, 0x0b];
const F32X4_SPLAT = [SIMD, 0x13];
const F32X4_ADD = [SIMD, 0xe4, 0x01];
const F32X4_MUL = [SIMD, 0xe6, 0x01];

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

/** The module's bytes: one function "kernel" and one memory "memory". */
export function gemmWasmBytes(): Uint8Array {
  // Locals: 0 a, 1 b, 2 c, 3 kc (params); 4 end (i32); 5..12 accumulators, 13 b0, 14 b1, 15 splat (v128).
  const ACC = 5;
  const B0 = 13;
  const B1 = 14;
  const AV = 15;
  const body: number[] = [];
  body.push(2, 1, 0x7f, 11, 0x7b); // 1 i32 local, 11 v128 locals (zero-initialised)
  // end = a + kc * 16
  body.push(LOCAL_GET, 3, I32_CONST, 4, I32_SHL, LOCAL_GET, 0, I32_ADD, LOCAL_SET, 4);
  body.push(LOOP, VOID);
  body.push(LOCAL_GET, 1, ...V128_LOAD, 4, 0, LOCAL_SET, B0);
  body.push(LOCAL_GET, 1, ...V128_LOAD, 4, 16, LOCAL_SET, B1);
  for (let r = 0; r < GEMM_MR; r++) {
    body.push(LOCAL_GET, 0, F32_LOAD, 2, 4 * r, ...F32X4_SPLAT, LOCAL_SET, AV);
    for (let v = 0; v < 2; v++) {
      const acc = ACC + 2 * r + v;
      body.push(LOCAL_GET, acc, LOCAL_GET, AV, LOCAL_GET, v === 0 ? B0 : B1, ...F32X4_MUL, ...F32X4_ADD, LOCAL_SET, acc);
    }
  }
  body.push(LOCAL_GET, 0, I32_CONST, 16, I32_ADD, LOCAL_SET, 0); // a += 4 floats
  body.push(LOCAL_GET, 1, I32_CONST, 32, I32_ADD, LOCAL_SET, 1); // b += 8 floats
  body.push(LOCAL_GET, 0, LOCAL_GET, 4, I32_LT_U, BR_IF, 0);
  body.push(END);
  for (let i = 0; i < 8; i++) body.push(LOCAL_GET, 2, LOCAL_GET, ACC + i, ...V128_STORE, 4, ...uleb(16 * i));
  body.push(END);

  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 x4) -> ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, ...uleb(PAGES)]), // one memory, min PAGES
    ...section(7, [2, ...name("kernel"), 0x00, 0, ...name("memory"), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return Uint8Array.from(bytes);
}

/** The slice of the WebAssembly API used here (the project's TS libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Instantiates the kernel, or returns undefined where WebAssembly SIMD is unavailable. */
export function loadGemmWasm(): GemmWasm | undefined {
  try {
    if (!wasmApi) return undefined;
    const instance = new wasmApi.Instance(new wasmApi.Module(gemmWasmBytes()), {});
    const memory = instance.exports["memory"] as { buffer: ArrayBuffer };
    const kernel = instance.exports["kernel"] as GemmWasm["kernel"];
    return {
      kernel,
      packedA: new Float32Array(memory.buffer, A_BASE, GEMM_MC * GEMM_KC),
      packedB: new Float32Array(memory.buffer, B_BASE, GEMM_KC * GEMM_NC),
      tile: new Float32Array(memory.buffer, TILE_BASE, GEMM_MR * GEMM_NR),
      aBase: A_BASE,
      bBase: B_BASE,
      tileBase: TILE_BASE,
    };
  } catch {
    return undefined;
  }
}
