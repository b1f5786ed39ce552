import { test } from "uvu";
import * as assert from "uvu/assert";
import { splitValidation } from "../../../stdlib/datasets/validation.ts";
import { expectDataError } from "./expect-data-error.ts";
import { toyDataset } from "./toy-dataset.ts";

test("takes the LAST fraction as validation, split at floor(n × (1 − f))", () => {
  const ds = toyDataset(10);
  const { train, validation } = splitValidation(ds, 0.2);
  assert.is(train.count, 8);
  assert.is(validation.count, 2);
  assert.equal(Array.from(validation.features), [80, 81, 90, 91]);
  assert.equal(Array.from(validation.labels), [2, 0]);
  assert.equal(Array.from(train.labels), [0, 1, 2, 0, 1, 2, 0, 1]);
  assert.is(train.numClasses, 3);
  // Keras rounds the training part down: 7 × 0.75 = 5.25 → 5 train, 2 validation.
  assert.is(splitValidation(toyDataset(7), 0.25).validation.count, 2);
});

test("parts are views on the original buffers", () => {
  const ds = toyDataset(10);
  const { train, validation } = splitValidation(ds, 0.3);
  assert.is(train.features.buffer, ds.features.buffer);
  assert.is(validation.labels.buffer, ds.labels.buffer);
});

test("rejects fractions that leave an empty part", () => {
  expectDataError(() => splitValidation(toyDataset(10), 0), /between 0 and 1/);
  expectDataError(() => splitValidation(toyDataset(10), 1.5), /between 0 and 1/);
  expectDataError(() => splitValidation(toyDataset(3), 0.9), "validation 0.9 of 3 examples leaves an empty training or validation set");
});

test.run();
