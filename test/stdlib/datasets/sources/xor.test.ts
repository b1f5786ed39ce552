import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";
import { expectDataError } from "../expect-data-error.ts";

test("default is the four XOR corners", () => {
  const { train } = loadSource("xor", {}, ".");
  assert.is(train.count, 4);
  assert.equal(Array.from(train.features), [0, 0, 0, 1, 1, 0, 1, 1]);
  assert.equal(Array.from(train.labels), [0, 1, 1, 0]);
  assert.is(train.numClasses, 2);
});

test("sampled XOR is seeded, labelled by sign, and noise moves points", () => {
  const a = loadSource("xor", { points: 200, seed: 3 }, ".").train;
  const b = loadSource("xor", { points: 200, seed: 3 }, ".").train;
  const c = loadSource("xor", { points: 200, seed: 4 }, ".").train;
  assert.is(a.count, 200);
  assert.equal(a.features, b.features);
  assert.not.equal(a.features, c.features);
  for (let i = 0; i < a.count; i++) {
    const x = a.features[2 * i]!;
    const y = a.features[2 * i + 1]!;
    assert.ok(Math.abs(x) <= 1 && Math.abs(y) <= 1);
    assert.is(a.labels[i], x > 0 !== y > 0 ? 1 : 0);
  }
  const noisy = loadSource("xor", { points: 200, seed: 3, noise: 0.1 }, ".").train;
  assert.not.equal(noisy.features, a.features);
  assert.equal(noisy.labels, a.labels);
  expectDataError(() => loadSource("xor", { points: 0 }, "."), /points must be a positive integer/);
});

test.run();
