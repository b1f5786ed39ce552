// What every loss entry provides: names, its formula, its options with Keras defaults, and
// how to add it to an autograd graph. All reduce with Keras' sum_over_batch_size (the mean
// of the per-sample losses) to a scalar.
import type { Graph, Value } from "../../interpreter/autograd/graph.ts";

export type LossOptions = Readonly<Record<string, number | boolean>>;

export interface Loss {
  /** The dl name. */
  readonly name: string;
  /** The Keras equivalent, `keras.losses.<keras>`. */
  readonly keras: string;
  readonly formula: string;
  /** Every option the loss accepts, with its Keras default. */
  readonly defaults: LossOptions;
  /** The scalar loss; `yTrue` has `yPred`'s shape, or [batch] class indices for sparse losses. */
  apply(g: Graph, yPred: Value, yTrue: Value, options?: LossOptions): Value;
}

/** An option's value, falling back to the entry's default. */
export function option<T extends number | boolean>(entry: Loss, options: LossOptions, name: string): T {
  const value = options[name] ?? entry.defaults[name];
  if (value === undefined) throw new Error(`${entry.name} has no option "${name}"`);
  return value as T;
}
