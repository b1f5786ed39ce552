// Every metric by the name users list in `metrics`, and createMetric.
import { completeConfig } from "../spec.ts";
import { accuracyMetric } from "./accuracy.ts";
import { maeMetric } from "./mae.ts";
import { meanLoss } from "./mean-loss.ts";
import type { Metric, MetricOptions, MetricSpec } from "./metric.ts";
import { precision, recall } from "./precision-recall.ts";
import { topK } from "./top-k.ts";

export { accuracyKind, type AccuracyKind } from "./accuracy.ts";
export type { Metric, MetricOptions, MetricSpec } from "./metric.ts";

export const metrics: Readonly<Record<string, MetricSpec>> = Object.fromEntries(
  [accuracyMetric, meanLoss, maeMetric, precision, recall, topK].map((spec) => [spec.name, spec]),
);

export const metricNames = Object.keys(metrics);

/** Other spellings of a metric's name (Keras' `acc`), each mapped to the name. */
export const metricAliases: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(metrics).flatMap((spec) => (spec.aliases ?? []).map((alias) => [alias, spec.name])),
);

/** Values a training run reports each epoch, for `monitor=`. */
export const monitored = ["val_loss", "loss", "val_accuracy", "accuracy"];

/**
 * Creates a metric. The training loop may pass `loss` to any metric (it picks the accuracy
 * variant and is ignored by the others); other options must belong to the metric.
 */
export function createMetric(name: string, options: MetricOptions = {}): Metric {
  const spec = metrics[name];
  if (!spec) throw new Error(`unknown metric "${name}"; available: ${metricNames.join(", ")}`);
  const { loss, ...own } = options;
  return spec.create({ ...completeConfig(name, spec, own), ...(loss === undefined ? {} : { loss }) } as MetricOptions);
}
