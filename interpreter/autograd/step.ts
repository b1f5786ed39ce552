// One recorded unit of work replayed every step: a kernel call or host code (dropout masks).
import type { Backend, Tensor } from "../backends/backend.ts";
import type { KernelAttrsOf, KernelName } from "../backends/kernel-names.ts";

export type Step = () => void;

/** A kernel call with its arguments fixed now, so replaying it allocates nothing. */
export function kernelStep<K extends KernelName>(
  backend: Backend,
  kernel: K,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  attrs?: KernelAttrsOf<K>,
): Step {
  if (!backend.kernels.has(kernel)) throw new Error(`backend "${backend.name}" has no kernel "${kernel}"`);
  return () => backend.run(kernel, inputs, outputs, attrs);
}
