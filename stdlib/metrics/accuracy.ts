// Accuracy, in the variant Keras picks for the loss: sparse labels → argmax(pred) == label,
// one-hot → argmax(pred) == argmax(label), binary → (pred > 0.5) == label per element.
// Keras: metrics=["accuracy"] → SparseCategoricalAccuracy / CategoricalAccuracy / BinaryAccuracy.
import { number } from "../values.ts";
import { argmax, labelLayout, MeanMetric, type Metric, type MetricOptions, type MetricSpec } from "./metric.ts";

export type AccuracyKind = "sparse_categorical" | "categorical" | "binary";

const kindOfLoss: Readonly<Record<string, AccuracyKind>> = {
  sparse_categorical_crossentropy: "sparse_categorical",
  categorical_crossentropy: "categorical",
  binary_crossentropy: "binary",
};

/** Keras rule: the loss decides; otherwise one output is binary, one label per sample sparse. */
export function accuracyKind(loss: string | undefined, labels: "sparse" | "dense", classes: number): AccuracyKind {
  const fromLoss = loss === undefined ? undefined : kindOfLoss[loss];
  if (fromLoss) return fromLoss;
  if (classes === 1) return "binary";
  return labels === "sparse" ? "sparse_categorical" : "categorical";
}

export function accuracy(options: MetricOptions, name = "accuracy"): Metric {
  const threshold = options.threshold!;
  return new MeanMetric(name, (yPred, yTrue, batchSize, classes) => {
    const labels = labelLayout(name, yPred, yTrue, batchSize, classes);
    const kind = accuracyKind(options.loss, labels, classes);
    let sum = 0;
    if (kind === "binary") {
      if (labels !== "dense") throw new Error(`${name}: binary accuracy needs one label per prediction`);
      for (let i = 0; i < yPred.length; i++) if (Number(yPred[i]! > threshold) === yTrue[i]) sum++;
      // Keras averages over the last axis per sample, then over samples: the same as over elements.
      return { sum: sum / classes, count: batchSize };
    }
    if (kind === "sparse_categorical" && labels !== "sparse") {
      throw new Error(`${name}: sparse categorical accuracy needs one class index per sample`);
    }
    if (kind === "categorical" && labels !== "dense") throw new Error(`${name}: categorical accuracy needs one-hot labels`);
    for (let b = 0; b < batchSize; b++) {
      const target = kind === "sparse_categorical" ? Math.round(yTrue[b]!) : argmax(yTrue, b * classes, classes);
      if (argmax(yPred, b * classes, classes) === target) sum++;
    }
    return { sum, count: batchSize };
  });
}

export const accuracyMetric: MetricSpec = {
  name: "accuracy",
  aliases: ["acc"],
  keras: "keras.metrics.SparseCategoricalAccuracy / CategoricalAccuracy / BinaryAccuracy",
  doc: "fraction of correct predictions, in the variant the loss picks",
  args: [],
  options: [{ name: "threshold", type: number, doc: "binary: predictions above it are positive", default: 0.5 }],
  create: (options) => accuracy(options),
};
