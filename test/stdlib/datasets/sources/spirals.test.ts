import { test } from "uvu";
import * as assert from "uvu/assert";
import { spiralsSource } from "../../../../stdlib/datasets/sources/spirals.ts";
import { expectDataError } from "../expect-data-error.ts";

test("defaults: 2 classes × 100 points, 2-D, grouped by class", () => {
  const { train } = spiralsSource.load([], {}, ".");
  assert.is(train.count, 200);
  assert.equal(train.featureShape, [2]);
  assert.equal(train.labelShape, []);
  assert.is(train.numClasses, 2);
  assert.is(train.labels[99], 0);
  assert.is(train.labels[100], 1);
  // Radius grows from 0 to 1 along each arm.
  assert.equal([train.features[0], train.features[1]], [0, 0]);
  assert.ok(Math.abs(Math.hypot(train.features[198]!, train.features[199]!) - 1) < 1e-6);
});

test("options and determinism", () => {
  const a = spiralsSource.load([], { points: 50, classes: 3, noise: 0.1, seed: 9 }, ".").train;
  const b = spiralsSource.load([], { points: 50, classes: 3, noise: 0.1, seed: 9 }, ".").train;
  const c = spiralsSource.load([], { points: 50, classes: 3, noise: 0.1, seed: 10 }, ".").train;
  assert.is(a.count, 150);
  assert.is(a.numClasses, 3);
  assert.equal(a.classes, ["0", "1", "2"]);
  assert.equal(a.features, b.features);
  assert.not.equal(a.features, c.features);
  expectDataError(
    () => spiralsSource.load([], { classes: 1 }, "."),
    /classes must be an integer ≥ 2/,
  );
});

test.run();
