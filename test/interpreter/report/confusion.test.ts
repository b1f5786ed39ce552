// The confusion matrix agrees with the accuracy metric (its diagonal is the count accuracy calls
// right), for class indices, one-hot labels and one sigmoid output; precision and recall come
// from its columns and rows.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Random } from "../../../interpreter/autograd/random.ts";
import { classScores, confusionMatrix, correctCount } from "../../../interpreter/report/confusion.ts";
import { createMetric } from "../../../stdlib/metrics/index.ts";

function accuracyOf(loss: string, outputs: Float32Array, labels: Float32Array, count: number, classes: number): number {
  const metric = createMetric("accuracy", { loss });
  metric.update(outputs, labels, count, classes);
  return metric.result();
}

function randomOutputs(random: Random, count: number, classes: number): Float32Array {
  return Float32Array.from({ length: count * classes }, () => random.uniform());
}

test("sparse labels: the diagonal sums to accuracy × count, every example counted once", () => {
  const random = new Random(5);
  const count = 500;
  const classes = 7;
  const outputs = randomOutputs(random, count, classes);
  const labels = Float32Array.from({ length: count }, () => Math.floor(random.uniform() * classes));
  const confusion = confusionMatrix("sparse_categorical_crossentropy", outputs, labels, count)!;
  assert.is(confusion.counts.length, classes);
  assert.is(
    confusion.counts.flat().reduce((a, b) => a + b, 0),
    count,
  );
  const accuracy = accuracyOf("sparse_categorical_crossentropy", outputs, labels, count, classes);
  assert.ok(accuracy > 0 && accuracy < 1, String(accuracy));
  assert.is(correctCount(confusion), Math.round(accuracy * count));
  // Rows are the true classes: each row holds that class's examples.
  for (let c = 0; c < classes; c++) {
    assert.is(
      confusion.counts[c]!.reduce((a, b) => a + b, 0),
      labels.filter((l) => l === c).length,
    );
  }
});

test("one-hot labels: the same matrix as their class indices", () => {
  const random = new Random(9);
  const count = 200;
  const classes = 4;
  const outputs = randomOutputs(random, count, classes);
  const indices = Float32Array.from({ length: count }, () => Math.floor(random.uniform() * classes));
  const oneHot = new Float32Array(count * classes);
  indices.forEach((c, i) => (oneHot[i * classes + c] = 1));
  const sparse = confusionMatrix("sparse_categorical_crossentropy", outputs, indices, count)!;
  const dense = confusionMatrix("categorical_crossentropy", outputs, oneHot, count)!;
  assert.equal(dense.counts, sparse.counts);
  assert.is(correctCount(dense), Math.round(accuracyOf("categorical_crossentropy", outputs, oneHot, count, classes) * count));
});

test("one sigmoid output: a 2 × 2 matrix at the 0.5 threshold, as binary accuracy counts", () => {
  const random = new Random(3);
  const count = 300;
  const outputs = randomOutputs(random, count, 1);
  const labels = Float32Array.from({ length: count }, () => (random.uniform() < 0.4 ? 1 : 0));
  const confusion = confusionMatrix("binary_crossentropy", outputs, labels, count)!;
  assert.is(confusion.counts.length, 2);
  assert.is(correctCount(confusion), Math.round(accuracyOf("binary_crossentropy", outputs, labels, count, 1) * count));
  assert.is(confusion.counts[1]![0]! + confusion.counts[1]![1]!, labels.filter((l) => l === 1).length);
});

test("not a classifier (mse), or several yes/no outputs: no matrix", () => {
  assert.is(confusionMatrix("mse", new Float32Array(4), new Float32Array(4), 4), undefined);
  assert.is(confusionMatrix("binary_crossentropy", new Float32Array(8), new Float32Array(8), 4), undefined);
});

test("precision per column, recall per row; class names kept; NaN where a class is never predicted", () => {
  // Truth 0,0,0,1,1,2 predicted 0,0,1,1,1,1 (argmax of one-hot rows).
  const predicted = [0, 0, 1, 1, 1, 1];
  const outputs = Float32Array.from(predicted.flatMap((p) => [0, 1, 2].map((c) => (c === p ? 0.9 : 0.05))));
  const labels = Float32Array.from([0, 0, 0, 1, 1, 2]);
  const confusion = confusionMatrix("sparse_categorical_crossentropy", outputs, labels, 6, ["cat", "dog", "eel"])!;
  assert.equal(confusion.counts, [
    [2, 1, 0],
    [0, 2, 0],
    [0, 1, 0],
  ]);
  const scores = classScores(confusion);
  assert.equal(
    scores.map((s) => s.name),
    ["cat", "dog", "eel"],
  );
  assert.equal(
    scores.map((s) => [s.precision, s.recall, s.support]),
    [
      [2 / 2, 2 / 3, 3],
      [2 / 4, 2 / 2, 2],
      [NaN, 0, 1],
    ],
  );
});

test.run();
