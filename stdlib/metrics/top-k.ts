// top_k = fraction of samples whose true class is among the k highest predictions (ties with
// the k-th count as in, like TF in_top_k). Keras: keras.metrics.SparseTopKCategoricalAccuracy /
// TopKCategoricalAccuracy (k=5), chosen by the label layout.
import { number } from "../values.ts";
import { argmax, labelLayout, MeanMetric, type Metric, type MetricOptions, type MetricSpec } from "./metric.ts";

export const topK: MetricSpec = {
  name: "top_k",
  keras: "keras.metrics.SparseTopKCategoricalAccuracy / TopKCategoricalAccuracy",
  doc: "fraction of samples whose true class is among the k highest predictions",
  args: [],
  options: [{ name: "k", type: number, doc: "how many top predictions count", default: 5 }],
  create: topKMetric,
};

function topKMetric(options: MetricOptions): Metric {
  const k = options.k!;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error("top_k: k must be a positive integer");
  return new MeanMetric("top_k", (yPred, yTrue, batchSize, classes) => {
    const sparse = labelLayout("top_k", yPred, yTrue, batchSize, classes) === "sparse";
    let sum = 0;
    for (let b = 0; b < batchSize; b++) {
      const offset = b * classes;
      const target = sparse ? Math.round(yTrue[b]!) : argmax(yTrue, offset, classes);
      const score = yPred[offset + target]!;
      let higher = 0;
      for (let c = 0; c < classes; c++) if (yPred[offset + c]! > score) higher++;
      if (higher < k) sum++;
    }
    return { sum, count: batchSize };
  });
}
