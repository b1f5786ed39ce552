// How a layer describes itself: its positional arguments, options with Keras defaults,
// the shape it produces and the weights it owns. The checker, the summary and the
// runtime all read this one description, so adding a layer touches one file.
import type { Graph, Value } from "../../interpreter/autograd/graph.ts";
import type { Shape } from "../../interpreter/backends/backend.ts";
import type { Config, NamedSpec } from "../spec.ts";

export type { ArgSpec, Config, ConfigValue } from "../spec.ts";
/** Layer shapes leave out the batch axis, e.g. [28, 28, 1]. */
export type { Shape } from "../../interpreter/backends/backend.ts";

export interface WeightSpec {
  /** Keras weight name: kernel, bias, gamma, moving_mean, … */
  name: string;
  shape: Shape;
  /** Initializer name (stdlib/initializers) or the name of the option holding it. */
  initializer: string;
  trainable: boolean;
  /** Weight penalty added to the loss: l1*sum(|w|) + l2*sum(w^2) (Keras kernel_regularizer). */
  regularizer?: { l1: number; l2: number };
}

/** A shape the layer cannot accept: what came in, what was expected, and how to fix it. */
export class ShapeError extends Error {
  constructor(
    message: string,
    readonly hints: string[] = [],
  ) {
    super(message);
  }
}

/** A layer: its description (`layer dense …`; keras: the Keras class it matches) and its shapes, weights and forward pass. */
export interface LayerSpec extends NamedSpec {
  outputShape(input: Shape, config: Config): Shape;
  params(input: Shape, config: Config): WeightSpec[];
  /** Adds the layer to a training graph. */
  forward(layer: LayerGraph, x: Value, config: Config): Value;
}

/** A layer that joins several named outputs (`layer add a b`, `layer concat a b`); it owns no weights. */
export interface MergeSpec extends NamedSpec {
  merge: true;
  outputShape(inputs: readonly Shape[], config: Config): Shape;
  forward(layer: LayerGraph, xs: readonly Value[], config: Config): Value;
}

export type AnyLayerSpec = LayerSpec | MergeSpec;

/**
 * What a layer sees while it adds itself to a graph: the graph, and its own weights by Keras
 * name (trainable ones get gradients; others, like moving statistics, are state the layer may
 * update while `graph.training`).
 */
export interface LayerGraph {
  graph: Graph;
  param(name: string): Value;
}

export function formatShape(shape: Shape): string {
  return `(${shape.join(", ")})`;
}

/** Keras writes shapes with the batch axis as None: (None, 28, 28, 1). */
export function formatBatchShape(shape: Shape): string {
  return `(None${shape.map((d) => `, ${d}`).join("")})`;
}

export function requireRank(kind: string, input: Shape, rank: number, meaning: string, hints: string[] = []): void {
  if (input.length !== rank) {
    throw new ShapeError(`\`${kind}\` needs an input of ${meaning}, but got shape ${formatShape(input)}`, hints);
  }
}
