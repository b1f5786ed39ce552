// A CPU kernel: plain loops over Float32Array views of its inputs and outputs.
import type { KernelAttrs, Shape } from "../backend.ts";

export interface CpuArray {
  readonly data: Float32Array;
  readonly shape: Shape;
}

export interface CpuKernel {
  readonly name: string;
  run(inputs: readonly CpuArray[], outputs: readonly CpuArray[], attrs: KernelAttrs): void;
}
