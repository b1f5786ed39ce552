import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";
import { expectDataError } from "../expect-data-error.ts";

test("defaults: 2 classes × 100 points, 2-D, in a seeded random order", () => {
  const { train } = loadSource("spirals", {}, ".");
  assert.is(train.count, 200);
  assert.equal(train.featureShape, [2]);
  assert.equal(train.labelShape, []);
  assert.is(train.numClasses, 2);
  const perClass = [0, 0];
  for (const label of train.labels) perClass[label]!++;
  assert.equal(perClass, [100, 100]);
  // Shuffled, so the last 20% (a validation split) holds both classes.
  assert.is(new Set(train.labels.subarray(160)).size, 2);
  // Radius grows from 0 to 1 along each arm: each arm has one point at the centre and one on the unit circle.
  const radii = Array.from({ length: 200 }, (_, i) => Math.hypot(train.features[2 * i]!, train.features[2 * i + 1]!));
  assert.is(radii.filter((r) => r === 0).length, 2);
  assert.is(radii.filter((r) => Math.abs(r - 1) < 1e-6).length, 2);
});

test("options and determinism", () => {
  const a = loadSource("spirals", { points: 50, classes: 3, noise: 0.1, seed: 9 }, ".").train;
  const b = loadSource("spirals", { points: 50, classes: 3, noise: 0.1, seed: 9 }, ".").train;
  const c = loadSource("spirals", { points: 50, classes: 3, noise: 0.1, seed: 10 }, ".").train;
  assert.is(a.count, 150);
  assert.is(a.numClasses, 3);
  assert.equal(a.classes, ["0", "1", "2"]);
  assert.equal(a.features, b.features);
  assert.not.equal(a.features, c.features);
  expectDataError(() => loadSource("spirals", { classes: 1 }, "."), /classes must be an integer ≥ 2/);
});

test.run();
