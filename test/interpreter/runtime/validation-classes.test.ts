import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Span } from "../../../grammar/ast.ts";
import type { Dataset } from "../../../stdlib/datasets/dataset.ts";
import { validationClassesWarning } from "../../../interpreter/runtime/validation-classes.ts";

const span: Span = { start: { offset: 0, line: 3, column: 3 }, end: { offset: 14, line: 3, column: 17 } };
const classes = ["a", "b", "c"];
const indices = (...labels: number[]): Dataset => ({
  features: new Float32Array(labels.length),
  featureShape: [1],
  labels: Float32Array.from(labels),
  labelShape: [],
  count: labels.length,
  classes,
  numClasses: 3,
});
const oneHot = (...labels: number[]): Dataset => {
  const ds = indices(...labels);
  const rows = new Float32Array(labels.length * 3);
  labels.forEach((c, n) => (rows[n * 3 + c] = 1));
  return { ...ds, labels: rows, labelShape: [3] };
};
const message = (train: Dataset, validation: Dataset) => validationClassesWarning(train, validation, "d", span)?.message;

test("every class on both sides: no warning", () => {
  assert.is(message(indices(0, 1, 2, 0), indices(2, 1, 0)), undefined);
  assert.is(message(oneHot(0, 1, 2), oneHot(1, 0)), undefined);
});

test("one class only, and whether training has it", () => {
  const warning = validationClassesWarning(indices(0, 1, 2), indices(2, 2), "d", span)!;
  assert.is(warning.severity, "warning");
  assert.is(warning.code, "DL307");
  assert.is(warning.message, "the validation part of `d` holds one class only (`c`)");
  assert.is(
    message(indices(0, 1), indices(2, 2)),
    "the validation part of `d` holds one class only (`c`), which the training part never has",
  );
  assert.is(
    message(oneHot(0, 0, 1), oneHot(2, 2)),
    "the validation part of `d` holds one class only (`c`), which the training part never has",
  );
});

test("classes the training part never has", () => {
  assert.is(
    message(indices(0, 0), indices(0, 1, 2)),
    "the validation part of `d` holds classes `b`, `c`, which the training part never has",
  );
  assert.is(message(indices(0, 1), indices(0, 2)), "the validation part of `d` holds class `c`, which the training part never has");
});

test("regression targets: nothing to say", () => {
  const targets: Dataset = {
    features: new Float32Array(2),
    featureShape: [1],
    labels: Float32Array.from([0.5, 2]),
    labelShape: [1],
    count: 2,
  };
  assert.is(message(targets, targets), undefined);
});

test.run();
