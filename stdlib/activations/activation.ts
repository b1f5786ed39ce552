// What every activation entry provides: names, its formula, its options with Keras
// defaults, and how to apply it to a value in an autograd graph.
import type { Graph, Value } from "../../interpreter/autograd/graph.ts";

export type ActivationOptions = Readonly<Record<string, number | boolean>>;

export interface Activation {
  /** The dl name. */
  readonly name: string;
  /** The Keras equivalent, `keras.activations.<keras>`. */
  readonly keras: string;
  readonly formula: string;
  /** Every option the activation accepts, with its Keras default. */
  readonly defaults: ActivationOptions;
  apply(g: Graph, x: Value, options?: ActivationOptions): Value;
}

/** An option's value, falling back to the entry's default. */
export function option<T extends number | boolean>(entry: Activation, options: ActivationOptions, name: string): T {
  const value = options[name] ?? entry.defaults[name];
  if (value === undefined) throw new Error(`${entry.name} has no option "${name}"`);
  return value as T;
}
