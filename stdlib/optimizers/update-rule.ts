// What each optimizer file provides: its description and the per-parameter update it runs
// as backend kernels (clipping and weight decay are shared, see optimizer.ts).
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import type { KernelName } from "../../interpreter/backends/kernel-names.ts";
import type { NamedSpec } from "../spec.ts";
import type { Hyper } from "./options.ts";

export interface UpdateRule {
  /** Slot tensors by Keras name (m, v, momentum, velocity, accumulator, …), one per parameter. */
  readonly slots: Readonly<Record<string, readonly Tensor[]>>;
  /** The kernels `apply` runs. */
  readonly kernels: readonly KernelName[];
  /** Updates parameter `index` in place from its (already clipped) gradient. `t` counts updates from 1. */
  apply(index: number, grad: Tensor, learningRate: number, t: number): void;
}

/** An optimizer: its description (options with Keras' defaults, commonOptions included) and its update. */
export interface OptimizerSpec extends NamedSpec {
  /** Every kernel the update may need (the exact set depends on the options). */
  readonly kernels: readonly KernelName[];
  createRule(backend: Backend, params: readonly Tensor[], hyper: Hyper): UpdateRule;
}

/** One zero-filled slot tensor per parameter, optionally set to a constant. */
export function allocSlots(backend: Backend, params: readonly Tensor[], initial = 0): Tensor[] {
  return params.map((param) => {
    const slot = backend.alloc(param.shape);
    if (initial !== 0) backend.write(slot, new Float32Array(param.size).fill(initial));
    return slot;
  });
}
