// One recorded unit of work replayed every step: a kernel call or host code (dropout masks).
import type { Backend, KernelAttrs, Tensor } from "../backends/backend.ts";

export type Step = () => void;

const NO_ATTRS: KernelAttrs = Object.freeze({});

/** A kernel call with its arguments fixed now, so replaying it allocates nothing. */
export function kernelStep(
  backend: Backend,
  kernel: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  attrs: KernelAttrs = NO_ATTRS,
): Step {
  if (!backend.kernels.has(kernel)) throw new Error(`backend "${backend.name}" has no kernel "${kernel}"`);
  return () => backend.run(kernel, inputs, outputs, attrs);
}
