// What every activation provides: its description (doc: the formula; options with Keras
// defaults) and how to apply it to a value in an autograd graph.
import type { Graph, Value } from "../../interpreter/autograd/graph.ts";
import type { NamedSpec } from "../spec.ts";

export type ActivationOptions = Readonly<Record<string, number | boolean>>;

export interface Activation extends NamedSpec {
  apply(g: Graph, x: Value, options?: ActivationOptions): Value;
}
