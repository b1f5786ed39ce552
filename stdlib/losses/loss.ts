// What every loss provides: its description (doc: the formula; options with Keras defaults) and
// how to add it to an autograd graph. All reduce with Keras' sum_over_batch_size (the mean of
// the per-sample losses) to a scalar.
import type { Graph, Value } from "../../interpreter/autograd/graph.ts";
import type { NamedSpec } from "../spec.ts";

export type LossOptions = Readonly<Record<string, number | boolean>>;

export interface Loss extends NamedSpec {
  /** The scalar loss; `yTrue` has `yPred`'s shape, or [batch] class indices for sparse losses. */
  apply(g: Graph, yPred: Value, yTrue: Value, options?: LossOptions): Value;
}
