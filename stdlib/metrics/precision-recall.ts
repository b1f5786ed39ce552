// precision = tp / (tp + fp), recall = tp / (tp + fn), counting every prediction above the
// threshold (0.5) as positive; sparse labels are read as one-hot. Keras: keras.metrics.Precision / Recall.
import { nonNegativeInt, number } from "../values.ts";
import { labelLayout, type Metric, type MetricOptions, type MetricSpec } from "./metric.ts";

class ConfusionMetric implements Metric {
  private truePositives = 0;
  private falsePositives = 0;
  private falseNegatives = 0;

  constructor(
    readonly name: "precision" | "recall",
    private readonly threshold: number,
    private readonly classId: number | undefined,
  ) {}

  update(yPred: ArrayLike<number>, yTrue: ArrayLike<number>, batchSize: number, classes: number): void {
    const sparse = labelLayout(this.name, yPred, yTrue, batchSize, classes) === "sparse" && classes > 1;
    if (this.classId !== undefined && !(this.classId >= 0 && this.classId < classes)) {
      throw new Error(`${this.name}: class_id ${this.classId} is not one of ${classes} classes`);
    }
    for (let b = 0; b < batchSize; b++) {
      for (let c = 0; c < classes; c++) {
        if (this.classId !== undefined && c !== this.classId) continue;
        const i = b * classes + c;
        const predicted = yPred[i]! > this.threshold;
        const actual = sparse ? Math.round(yTrue[b]!) === c : yTrue[i] !== 0;
        if (predicted && actual) this.truePositives++;
        else if (predicted) this.falsePositives++;
        else if (actual) this.falseNegatives++;
      }
    }
  }

  state(): number[] {
    return [this.truePositives, this.falsePositives, this.falseNegatives];
  }

  restore([tp, fp, fn]: readonly number[]): void {
    [this.truePositives, this.falsePositives, this.falseNegatives] = [tp!, fp!, fn!];
  }

  result(): number {
    const misses = this.name === "precision" ? this.falsePositives : this.falseNegatives;
    const denominator = this.truePositives + misses;
    return denominator === 0 ? 0 : this.truePositives / denominator;
  }

  reset(): void {
    this.truePositives = 0;
    this.falsePositives = 0;
    this.falseNegatives = 0;
  }
}

const options = [
  { name: "threshold", type: number, doc: "predictions above it are positive", default: 0.5 },
  { name: "class_id", type: nonNegativeInt, doc: "score only this class", default: null },
];

export const precision: MetricSpec = {
  name: "precision",
  keras: "keras.metrics.Precision",
  doc: "tp / (tp + fp)",
  args: [],
  options,
  create: (o: MetricOptions) => new ConfusionMetric("precision", o.threshold!, o.class_id),
};

export const recall: MetricSpec = {
  name: "recall",
  keras: "keras.metrics.Recall",
  doc: "tp / (tp + fn)",
  args: [],
  options,
  create: (o: MetricOptions) => new ConfusionMetric("recall", o.threshold!, o.class_id),
};
