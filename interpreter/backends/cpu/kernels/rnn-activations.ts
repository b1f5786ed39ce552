// h = f(x) for the activations a recurrent cell accepts, with f' written in terms of the output y
// (tanh' = 1 - y^2, sigmoid' = y(1 - y), relu' = [y > 0], linear' = 1), so backprop through time
// needs only the saved outputs.
import type { KernelAttrs } from "../../backend.ts";
import type { RecurrentActivation } from "../../kernel-names.ts";
import { recurrentActivationAttr } from "../../shared/attrs.ts";
import { sigmoid } from "./math.ts";

export interface RnnActivation {
  f(x: number): number;
  /** f'(x) from y = f(x). */
  df(y: number): number;
}

const rnnActivations: Readonly<Record<RecurrentActivation, RnnActivation>> = {
  tanh: { f: Math.tanh, df: (y) => 1 - y * y },
  sigmoid: { f: sigmoid, df: (y) => y * (1 - y) },
  relu: { f: (x) => (x > 0 ? x : 0), df: (y) => (y > 0 ? 1 : 0) },
  linear: { f: (x) => x, df: () => 1 },
};

/** The cell activation a recurrent kernel call names in its `activation` attribute. */
export function rnnActivation(attrs: KernelAttrs): RnnActivation {
  return rnnActivations[recurrentActivationAttr(attrs)];
}
