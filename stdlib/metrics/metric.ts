// A metric accumulates over an epoch on host arrays: predictions [batch, classes] row-major and
// labels either one per sample (sparse class indices) or one per prediction (one-hot, binary, regression).

import type { NamedSpec } from "../spec.ts";
export interface Metric {
  readonly name: string;
  update(yPred: ArrayLike<number>, yTrue: ArrayLike<number>, batchSize: number, classes: number): void;
  /** The value over everything since the last reset; 0 before any update (Keras divide_no_nan). */
  result(): number;
  reset(): void;
  /** The running counts, for a checkpoint taken in the middle of an epoch. */
  state(): number[];
  restore(state: readonly number[]): void;
}

/** A metric: its description and how to make one (options completed by createMetric). */
export interface MetricSpec extends NamedSpec {
  create(options: MetricOptions): Metric;
}

export type MetricOptions = Readonly<{
  /** The model's loss name, which picks the accuracy variant (Keras). */
  loss?: string;
  /** Binary accuracy / precision / recall: predictions above it are positive. */
  threshold?: number;
  /** top_k: how many of the highest predictions count as a hit. */
  k?: number;
  /** precision / recall: score this class only. */
  class_id?: number;
}>;

export type BatchSum = { sum: number; count: number };

/** A metric whose result is total / count over the epoch (Keras Mean / MeanMetricWrapper). */
export class MeanMetric implements Metric {
  private total = 0;
  private count = 0;

  constructor(
    readonly name: string,
    private readonly perBatch: (yPred: ArrayLike<number>, yTrue: ArrayLike<number>, batchSize: number, classes: number) => BatchSum,
  ) {}

  update(yPred: ArrayLike<number>, yTrue: ArrayLike<number>, batchSize: number, classes: number): void {
    const { sum, count } = this.perBatch(yPred, yTrue, batchSize, classes);
    this.total += sum;
    this.count += count;
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }

  state(): number[] {
    return [this.total, this.count];
  }

  restore([total, count]: readonly number[]): void {
    this.total = total!;
    this.count = count!;
  }
}

/** Checks the prediction size and tells sparse labels (one per sample) from dense ones. */
export function labelLayout(
  metric: string,
  yPred: ArrayLike<number>,
  yTrue: ArrayLike<number>,
  batchSize: number,
  classes: number,
): "sparse" | "dense" {
  if (yPred.length !== batchSize * classes) {
    throw new Error(`${metric}: ${yPred.length} predictions for batch ${batchSize} x ${classes} classes`);
  }
  if (yTrue.length === batchSize * classes) return "dense";
  if (yTrue.length === batchSize) return "sparse";
  throw new Error(`${metric}: ${yTrue.length} labels for batch ${batchSize} x ${classes} classes`);
}

/** Index of the largest of values[offset .. offset+length), the first on ties. */
export function argmax(values: ArrayLike<number>, offset: number, length: number): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}
