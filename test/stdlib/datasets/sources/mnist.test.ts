import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";

test("loads the real MNIST train and test splits", () => {
  const { train, test: testSplit } = loadSource("mnist", {}, "/nonexistent");

  assert.is(train.count, 60000);
  assert.equal(train.featureShape, [28, 28]);
  assert.equal(train.labelShape, []);
  assert.is(train.numClasses, 10);
  assert.is(train.classes?.length, 10);
  assert.is(train.features.length, 60000 * 784);
  assert.is(train.labels[0], 5);
  const histogram = new Array<number>(10).fill(0);
  for (const label of train.labels) histogram[label]!++;
  assert.equal(histogram, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);

  let max = 0;
  for (const pixel of train.features) max = Math.max(max, pixel);
  assert.is(max, 255, "pixels are raw 0..255");

  assert.ok(testSplit);
  assert.is(testSplit.count, 10000);
  assert.is(testSplit.numClasses, 10);
  assert.is(testSplit.labels[0], 7);
});

test.run();
