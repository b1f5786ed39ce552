// A CPU kernel: plain loops over Float32Array views of its inputs and outputs.
import type { KernelAttrs, Shape } from "../backend.ts";
import type { WasmRuntime } from "./wasm/runtime.ts";

export interface CpuArray {
  readonly data: Float32Array;
  readonly shape: Shape;
}

export interface CpuKernel {
  /** `wasm` holds the backend's SIMD kernels and memory; undefined where WebAssembly is missing. */
  run(inputs: readonly CpuArray[], outputs: readonly CpuArray[], attrs: KernelAttrs, wasm: WasmRuntime | undefined): void;
}
