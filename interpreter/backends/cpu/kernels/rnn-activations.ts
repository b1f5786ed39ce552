// h = f(x) for the activations a recurrent cell accepts, with f' written in terms of the output y
// (tanh' = 1 - y^2, sigmoid' = y(1 - y), relu' = [y > 0], linear' = 1), so backprop through time
// needs only the saved outputs.
import { sigmoid } from "./math.ts";

export interface RnnActivation {
  readonly name: string;
  f(x: number): number;
  /** f'(x) from y = f(x). */
  df(y: number): number;
}

export const rnnActivations: readonly RnnActivation[] = [
  { name: "tanh", f: Math.tanh, df: (y) => 1 - y * y },
  { name: "sigmoid", f: sigmoid, df: (y) => y * (1 - y) },
  { name: "relu", f: (x) => (x > 0 ? x : 0), df: (y) => (y > 0 ? 1 : 0) },
  { name: "linear", f: (x) => x, df: () => 1 },
];
