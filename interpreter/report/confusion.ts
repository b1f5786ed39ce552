// The confusion matrix of a classifier on a split, and each class's precision and recall from it.
// A prediction is the class accuracy counts (stdlib/metrics/accuracy.ts: the argmax, or the 0.5
// threshold of one sigmoid output), so the diagonal sums to accuracy × count.
import { accuracyKind } from "../../stdlib/metrics/accuracy.ts";
import { argmax } from "../../stdlib/metrics/metric.ts";

export interface Confusion {
  /** Class names, index i naming class i. */
  classes: string[];
  /** counts[truth][predicted]. */
  counts: number[][];
  /** The predicted class of every example, in order. */
  predicted: Int32Array;
  /** The true class of every example, in order. */
  truth: Int32Array;
}

export interface ClassScores {
  name: string;
  /** Of the examples predicted as this class, the share that are: NaN when none is. */
  precision: number;
  /** Of the examples of this class, the share predicted as it: NaN when there are none. */
  recall: number;
  support: number;
}

/**
 * The confusion matrix of `outputs` ([count, width]) against `labels` (one class index per example, or
 * [count, width] one-hot); undefined when the loss does not make the model a classifier.
 */
export function confusionMatrix(
  loss: string,
  outputs: Float32Array,
  labels: Float32Array,
  count: number,
  classNames?: readonly string[],
): Confusion | undefined {
  const width = outputs.length / count;
  const sparse = labels.length === count;
  if (!["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy"].includes(loss)) return undefined;
  const kind = accuracyKind(loss, sparse ? "sparse" : "dense", width);
  if (kind === "binary" && width !== 1) return undefined; // several independent yes/no outputs: no one class per example
  const classes = kind === "binary" ? 2 : width;
  const truth = new Int32Array(count);
  const predicted = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (kind === "binary") {
      truth[i] = labels[i]! > 0.5 ? 1 : 0;
      predicted[i] = outputs[i]! > 0.5 ? 1 : 0;
    } else {
      truth[i] = sparse ? Math.round(labels[i]!) : argmax(labels, i * width, width);
      predicted[i] = argmax(outputs, i * width, width);
    }
  }
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < count; i++) counts[truth[i]!]![predicted[i]!]!++;
  const names = classNames && classNames.length === classes ? [...classNames] : Array.from({ length: classes }, (_, c) => String(c));
  return { classes: names, counts, predicted, truth };
}

export function classScores(confusion: Confusion): ClassScores[] {
  const { counts, classes } = confusion;
  return classes.map((name, c) => {
    const predictedAs = counts.reduce((sum, row) => sum + row[c]!, 0);
    const support = counts[c]!.reduce((a, b) => a + b, 0);
    const hits = counts[c]![c]!;
    return { name, precision: hits / predictedAs, recall: hits / support, support };
  });
}

/** The number of examples on the diagonal: those classified right. */
export function correctCount(confusion: Confusion): number {
  return confusion.counts.reduce((sum, row, c) => sum + row[c]!, 0);
}
