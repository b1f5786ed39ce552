import { test } from "uvu";
import * as assert from "uvu/assert";
import { oneHot } from "../../../../stdlib/datasets/preprocess/one-hot.ts";
import { expectDataError } from "../expect-data-error.ts";
import { toyDataset } from "../toy-dataset.ts";

test("class indices become one-hot rows of length numClasses", () => {
  const { train, test: test_ } = oneHot({ train: toyDataset(4), test: toyDataset(2) });
  assert.equal(train.labelShape, [3]);
  assert.equal(Array.from(train.labels), [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
  assert.equal(Array.from(test_!.labels), [1, 0, 0, 0, 1, 0]);
  assert.equal(train.features, toyDataset(4).features);
});

test("rejects non-class labels and out-of-range test labels", () => {
  const regression = { ...toyDataset(2), labelShape: [1], numClasses: undefined };
  expectDataError(() => oneHot({ train: regression }), /one_hot needs class-index labels/);
  const wide = { ...toyDataset(2), labels: Float32Array.of(0, 5) };
  expectDataError(() => oneHot({ train: toyDataset(3), test: wide }), "one_hot: test example 1 has label 5, expected 0..2");
});

test.run();
