// A weight regularizer: penalty = l1*sum(|w|) + l2*sum(w^2), added to the loss, and its gradient
// l1*sign(w) + 2*l2*w, added to the parameter's gradient. Keras: keras.regularizers.L1L2.
// The training loop calls the kernel forms (no readback); `penalty` is the host form for reports.
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import type { ArgSpec, NamedSpec } from "../spec.ts";
import { positiveNumber } from "../values.ts";

/** A regularizer's description; the penalty it has no option for is 0. */
export type RegularizerSpec = NamedSpec;

export const l1Option = (value: number): ArgSpec => ({ name: "l1", type: positiveNumber, doc: "weight of sum(|w|)", default: value });
export const l2Option = (value: number): ArgSpec => ({ name: "l2", type: positiveNumber, doc: "weight of sum(w^2)", default: value });

export class Regularizer {
  constructor(
    readonly name: string,
    readonly l1: number,
    readonly l2: number,
  ) {
    if (!(l1 >= 0 && l2 >= 0)) throw new Error(`${name}: l1 and l2 must be non-negative numbers`);
  }

  /** The penalty of host values. */
  penalty(weights: ArrayLike<number>): number {
    let abs = 0;
    let squares = 0;
    for (let i = 0; i < weights.length; i++) {
      abs += Math.abs(weights[i]!);
      squares += weights[i]! * weights[i]!;
    }
    return this.l1 * abs + this.l2 * squares;
  }

  /** total += penalty(param) on the device; `total` is a 1-element tensor shared across parameters. */
  addPenalty(backend: Backend, param: Tensor, total: Tensor): void {
    backend.run("regularizer_penalty", [param, total], [total], { l1: this.l1, l2: this.l2 });
  }

  /** grad += d penalty / d param, in place, before the optimizer step. */
  addGradient(backend: Backend, param: Tensor, grad: Tensor): void {
    backend.run("regularizer_gradient", [param, grad], [grad], { l1: this.l1, l2: this.l2 });
  }
}
