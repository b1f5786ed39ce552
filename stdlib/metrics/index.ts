// Metrics by the names users list in `metrics`, and createMetric.
import { accuracy } from "./accuracy.ts";
import { meanAbsoluteError } from "./mae.ts";
import { meanLoss } from "./mean-loss.ts";
import type { Metric, MetricOptions } from "./metric.ts";
import { precision, recall } from "./precision-recall.ts";
import { topK } from "./top-k.ts";

export { accuracyKind, type AccuracyKind } from "./accuracy.ts";
export type { Metric, MetricOptions } from "./metric.ts";

export interface MetricEntry {
  readonly name: string;
  readonly keras: string;
  /** Options with a one-line description each. */
  readonly options: Readonly<Record<string, string>>;
  create(options: MetricOptions): Metric;
}

export const metrics: Readonly<Record<string, MetricEntry>> = {
  accuracy: {
    name: "accuracy",
    keras: "keras.metrics.SparseCategoricalAccuracy / CategoricalAccuracy / BinaryAccuracy",
    options: { loss: "the model's loss, which picks the variant", threshold: "binary: positive above (0.5)" },
    create: (options) => accuracy(options),
  },
  loss: { name: "loss", keras: "keras.metrics.Mean (fit's loss)", options: {}, create: meanLoss },
  mae: { name: "mae", keras: "keras.metrics.MeanAbsoluteError", options: {}, create: meanAbsoluteError },
  precision: {
    name: "precision",
    keras: "keras.metrics.Precision",
    options: { threshold: "positive above (0.5)", class_id: "score only this class" },
    create: precision,
  },
  recall: {
    name: "recall",
    keras: "keras.metrics.Recall",
    options: { threshold: "positive above (0.5)", class_id: "score only this class" },
    create: recall,
  },
  top_k: {
    name: "top_k",
    keras: "keras.metrics.SparseTopKCategoricalAccuracy / TopKCategoricalAccuracy",
    options: { k: "how many top predictions count (5)" },
    create: topK,
  },
};

export const metricNames = Object.keys(metrics);

/**
 * Creates a metric. The training loop may pass `loss` to any metric (it picks the accuracy
 * variant and is ignored by the others); other options must belong to the metric.
 */
export function createMetric(name: string, options: MetricOptions = {}): Metric {
  const entry = metrics[name];
  if (!entry) throw new Error(`unknown metric "${name}"; available: ${metricNames.join(", ")}`);
  for (const key of Object.keys(options)) {
    if (key !== "loss" && !(key in entry.options)) throw new Error(`${name}: unknown option "${key}"`);
  }
  return entry.create(options);
}
