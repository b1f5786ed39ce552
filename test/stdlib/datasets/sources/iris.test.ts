import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";

test("150 examples, 4 features, 50 per class in package order", () => {
  const { train } = loadSource("iris", {}, ".");
  assert.is(train.count, 150);
  assert.equal(train.featureShape, [4]);
  assert.is(train.features.length, 600);
  assert.equal(train.classes, ["setosa", "versicolor", "virginica"]);
  assert.is(train.numClasses, 3);
  assert.equal(Array.from(train.features.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  const counts = [0, 0, 0];
  for (const label of train.labels) counts[label]!++;
  assert.equal(counts, [50, 50, 50]);
  assert.equal([train.labels[49], train.labels[50], train.labels[100]], [0, 1, 2]);
});

test.run();
