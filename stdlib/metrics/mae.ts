// mae = mean over samples of mean(|y_pred - y_true|) over the last axis.
// Keras: keras.metrics.MeanAbsoluteError ("mae").
import { labelLayout, MeanMetric, type Metric, type MetricSpec } from "./metric.ts";

export const maeMetric: MetricSpec = {
  name: "mae",
  aliases: ["mean_absolute_error"],
  keras: "keras.metrics.MeanAbsoluteError",
  doc: "mean(|y_pred - y_true|)",
  args: [],
  options: [],
  create: createMaeMetric,
};

function createMaeMetric(): Metric {
  return new MeanMetric("mae", (yPred, yTrue, batchSize, classes) => {
    if (labelLayout("mae", yPred, yTrue, batchSize, classes) !== "dense") {
      throw new Error("mae: needs one target per prediction");
    }
    let sum = 0;
    for (let i = 0; i < yPred.length; i++) sum += Math.abs(yPred[i]! - yTrue[i]!);
    return { sum: sum / classes, count: batchSize };
  });
}
