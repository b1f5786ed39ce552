import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource, sources } from "../../../../stdlib/datasets/index.ts";
import { expectDataError } from "../expect-data-error.ts";

test("defaults: 512 distinct 10-bit strings, one bit per step, labelled by parity", () => {
  const { train } = loadSource("parity", {}, ".");
  assert.is(train.count, 512);
  assert.equal(train.featureShape, [10, 1]);
  assert.equal(train.labelShape, []);
  assert.equal(train.classes, ["even", "odd"]);
  assert.is(train.numClasses, 2);
  const seen = new Set<string>();
  for (let i = 0; i < train.count; i++) {
    const bits = [...train.features.subarray(i * 10, i * 10 + 10)];
    assert.ok(bits.every((bit) => bit === 0 || bit === 1));
    assert.is(train.labels[i], bits.filter((bit) => bit === 1).length % 2);
    seen.add(bits.join(""));
  }
  assert.is(seen.size, 512);
  // Seeded random order: the last 20% (a validation split) holds both classes.
  assert.is(new Set(train.labels.subarray(410)).size, 2);
});

test("points=2^length gives every string exactly once, half of them odd", () => {
  const { train } = loadSource("parity", { length: 4, points: 16 }, ".");
  const strings = Array.from({ length: 16 }, (_, i) => train.features.subarray(i * 4, i * 4 + 4).join(","));
  assert.equal(
    [...strings].sort(),
    Array.from({ length: 16 }, (_, n) => n.toString(2).padStart(4, "0").split("").join(",")),
  );
  assert.is(train.labels.filter((label) => label === 1).length, 8);
  assert.equal(train.labels[strings.indexOf("1,0,1,1")], 1);
  assert.equal(train.labels[strings.indexOf("1,0,0,1")], 0);
});

test("the same seed gives the same strings, another seed others", () => {
  const a = loadSource("parity", { seed: 5 }, ".").train;
  const b = loadSource("parity", { seed: 5 }, ".").train;
  const c = loadSource("parity", { seed: 6 }, ".").train;
  assert.equal(a.features, b.features);
  assert.equal(a.labels, b.labels);
  assert.not.equal(a.features, c.features);
});

test("option errors", () => {
  expectDataError(() => loadSource("parity", { length: 0 }, "."), "source parity: length must be an integer from 1 to 20, got 0");
  expectDataError(() => loadSource("parity", { length: 21 }, "."), /length must be an integer from 1 to 20, got 21/);
  expectDataError(
    () => loadSource("parity", { length: 3, points: 9 }, "."),
    "source parity: points must be an integer from 1 to 2^3 = 8, got 9",
  );
  expectDataError(() => loadSource("parity", { points: 1.5 }, "."), /points must be an integer/);
  expectDataError(() => loadSource("parity", { bits: 8 }, "."), /unknown option "bits"/);
});

test("the description fixes 2 classes and lists every option with its default", () => {
  const description = sources["parity"]!;
  assert.is(description.classes, 2);
  assert.equal(
    description.options.map((o) => [o.name, o.default]),
    [
      ["length", 10],
      ["points", 512],
      ["seed", 0],
    ],
  );
});

test.run();
