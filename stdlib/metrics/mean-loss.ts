// loss = sum over batches of (batch loss * batch size) / samples seen: the epoch's mean loss.
// Keras: the "loss" entry of fit's logs (a keras.metrics.Mean weighted by batch size).
import { MeanMetric, type Metric, type MetricSpec } from "./metric.ts";

export const meanLoss: MetricSpec = {
  name: "loss",
  keras: "keras.metrics.Mean (fit's loss)",
  doc: "the epoch's mean loss",
  args: [],
  options: [],
  create: meanLossMetric,
};

/** yPred holds the batch's loss: one value (the batch mean) or one per sample; yTrue is unused. */
function meanLossMetric(): Metric {
  return new MeanMetric("loss", (losses, _yTrue, batchSize) => {
    if (losses.length === 1) return { sum: losses[0]! * batchSize, count: batchSize };
    if (losses.length !== batchSize) throw new Error(`loss: ${losses.length} values for batch ${batchSize}`);
    let sum = 0;
    for (let i = 0; i < losses.length; i++) sum += losses[i]!;
    return { sum, count: batchSize };
  });
}
