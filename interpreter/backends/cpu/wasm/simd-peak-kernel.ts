// What WebAssembly SIMD can compute on this machine at best, for the benchmark to rate the GEMM
// against: simd_peak(iterations) runs CHAINS independent f32x4 chains acc = acc * m + c, so the
// CPU overlaps their latencies and only its multiply and add throughput bounds the loop. Each
// iteration is CHAINS * 8 flops; the result (lane 0 of the sum of chains) keeps the work alive.
// Built with either multiply-add of the GEMM (gemm-kernel.ts): f32x4.mul + f32x4.add, or fused.
import { F32, I32, op, V128, type WasmFunction } from "./assembler.ts";
import type { MultiplyAdd } from "./gemm-kernel.ts";

/** Independent chains: enough to cover the multiply + add latency, few enough to stay in 16 registers. */
export const SIMD_PEAK_CHAINS = 12;

// Param 0 iterations; locals 1 i, 2 m, 3 c, 4.. the accumulators.
const [ITERATIONS, I, M, C, ACC] = [0, 1, 2, 3, 4];

function body(kind: MultiplyAdd): number[] {
  const code: number[] = [];
  code.push(...op.f32Const(0.999999), ...op.f32x4Splat, ...op.localSet(M));
  code.push(...op.f32Const(1e-6), ...op.f32x4Splat, ...op.localSet(C));
  for (let a = 0; a < SIMD_PEAK_CHAINS; a++) code.push(...op.f32Const(1 + a / 64), ...op.f32x4Splat, ...op.localSet(ACC + a));
  code.push(...op.loop);
  for (let a = 0; a < SIMD_PEAK_CHAINS; a++)
    code.push(
      ...op.localGet(ACC + a),
      ...op.localGet(M),
      ...(kind === "fma" ? [...op.localGet(C), ...op.f32x4RelaxedMadd] : [...op.f32x4Mul, ...op.localGet(C), ...op.f32x4Add]),
      ...op.localSet(ACC + a),
    );
  code.push(...op.localGet(I), ...op.i32Const(1), ...op.i32Add, ...op.localTee(I), ...op.localGet(ITERATIONS), ...op.i32LtU, ...op.brIf(0));
  code.push(...op.end);
  code.push(...op.localGet(ACC));
  for (let a = 1; a < SIMD_PEAK_CHAINS; a++) code.push(...op.localGet(ACC + a), ...op.f32x4Add);
  code.push(...op.f32x4ExtractLane(0));
  return code;
}

export const simdPeak = (kind: MultiplyAdd): WasmFunction => ({
  name: "simd_peak",
  params: [I32],
  result: F32,
  locals: [
    [1, I32],
    [2 + SIMD_PEAK_CHAINS, V128],
  ],
  body: body(kind),
});
