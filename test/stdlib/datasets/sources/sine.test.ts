import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource, sources } from "../../../../stdlib/datasets/index.ts";
import { expectDataError } from "../expect-data-error.ts";

test("defaults: 1000 windows of 20 steps × 1 value, each labelled with the next value", () => {
  const { train, test: testSplit } = loadSource("sine", {}, ".");
  assert.is(train.count, 1000);
  assert.equal(train.featureShape, [20, 1]);
  assert.equal(train.labelShape, [1]);
  assert.is(train.features.length, 20_000);
  assert.is(train.labels.length, 1000);
  assert.is(train.classes, undefined);
  assert.is(testSplit, undefined);
  for (const value of train.features) assert.ok(Math.abs(value) < 2, String(value));
});

test("without noise, each window is the wave at consecutive steps and the label continues it", () => {
  const period = 8;
  const { train } = loadSource("sine", { points: 30, window: 5, period, noise: 0 }, ".");
  const wave = (t: number) => Math.fround(Math.sin((2 * Math.PI * t) / period));
  const starts = new Set<number>();
  for (let i = 0; i < train.count; i++) {
    const window = [...train.features.subarray(i * 5, i * 5 + 5)];
    // Find where this window starts in the series (the first 30 starts, possibly aliased by the period).
    const start = [...Array(30).keys()].find((s) => window.every((v, k) => Math.abs(v - wave(s + k)) < 1e-6));
    assert.ok(start !== undefined, `window ${i} is not a stretch of the wave`);
    assert.ok(Math.abs(train.labels[i]! - wave(start! + 5)) < 1e-6);
    starts.add(start! % period);
  }
  assert.is(starts.size, period);
});

test("examples come in a seeded random order, not series order", () => {
  const { train } = loadSource("sine", { points: 100, window: 1, noise: 0 }, ".");
  // With window 1 and no noise, the label of start s is the feature of start s+1: in series order
  // every label would equal the next example's feature.
  let chained = 0;
  for (let i = 0; i + 1 < train.count; i++) if (train.labels[i] === train.features[i + 1]) chained++;
  assert.ok(chained < 10, `${chained} examples follow each other`);
});

test("the same seed gives the same data, another seed other noise", () => {
  const a = loadSource("sine", { points: 50, seed: 3 }, ".").train;
  const b = loadSource("sine", { points: 50, seed: 3 }, ".").train;
  const c = loadSource("sine", { points: 50, seed: 4 }, ".").train;
  assert.equal(a.features, b.features);
  assert.equal(a.labels, b.labels);
  assert.not.equal(a.features, c.features);
});

test("option errors", () => {
  expectDataError(() => loadSource("sine", { points: 0 }, "."), "source sine: points must be a positive integer, got 0");
  expectDataError(() => loadSource("sine", { window: 2.5 }, "."), "source sine: window must be a positive integer, got 2.5");
  expectDataError(() => loadSource("sine", { period: 0 }, "."), "source sine: period must be positive, got 0");
  expectDataError(() => loadSource("sine", { noise: -1 }, "."), "source sine: noise must be ≥ 0, got -1");
  expectDataError(() => loadSource("sine", { windows: 3 }, "."), /unknown option "windows" \(did you mean "window"\?\)/);
  expectDataError(() => loadSource("sine", { points: "many" }, "."), /points must be a number/);
});

test("the description lists every option with its default and no fixed shape", () => {
  const description = sources["sine"]!;
  assert.equal(
    description.options.map((o) => [o.name, o.default]),
    [
      ["points", 1000],
      ["window", 20],
      ["period", 25],
      ["noise", 0.1],
      ["seed", 0],
    ],
  );
  assert.is(description.features, undefined);
  assert.is(description.classes, undefined);
});

test.run();
