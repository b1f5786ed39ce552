// The second entry point, beside api.ts: the low-level pieces a benchmark measures (bench/),
// kept out of the public API so that it promises nothing about them. Programs use api.ts.
import { moduleBytes } from "./backends/cpu/wasm/assembler.ts";
import { gemmPanelDirect } from "./backends/cpu/wasm/gemm-kernel.ts";
import { simdPeak } from "./backends/cpu/wasm/simd-peak-kernel.ts";
import type { MultiplyAdd } from "./backends/cpu/wasm/gemm-kernel.ts";

export { gemmReference } from "./backends/cpu/kernels/matmul-reference.ts";

/** A WebAssembly module exporting the CPU backend's SIMD GEMM panel kernel, `gemm_panel_direct`, on a shared memory of `pages` pages. */
export function gemmPanelModuleBytes(pages: number): Uint8Array {
  return moduleBytes([gemmPanelDirect("plain")], pages);
}

/**
 * A WebAssembly module exporting `simd_peak(iterations) -> f32`, SIMD_PEAK_CHAINS * 8 flops per
 * iteration (wasm/simd-peak-kernel.ts), with f32x4 mul + add or Relaxed SIMD's fused multiply-add
 * (which compiles only once the CPU backend has loaded its own fused build).
 */
export function simdPeakModuleBytes(multiplyAdd: MultiplyAdd): Uint8Array {
  return moduleBytes([simdPeak(multiplyAdd)]);
}
export { SIMD_PEAK_CHAINS } from "./backends/cpu/wasm/simd-peak-kernel.ts";
