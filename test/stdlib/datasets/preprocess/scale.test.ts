import { test } from "uvu";
import * as assert from "uvu/assert";
import { scale } from "../../../../stdlib/datasets/preprocess/scale.ts";
import { toyDataset } from "../toy-dataset.ts";

test("multiplies every split's features and leaves the input untouched", () => {
  const train = toyDataset(2);
  const test_ = toyDataset(1);
  const scaled = scale({ train, test: test_ }, 0.5);
  assert.equal(Array.from(scaled.train.features), [0, 0.5, 5, 5.5]);
  assert.equal(Array.from(scaled.test!.features), [0, 0.5]);
  assert.equal(Array.from(train.features), [0, 1, 10, 11]);
  assert.is(scaled.train.labels, train.labels);
});

test.run();
