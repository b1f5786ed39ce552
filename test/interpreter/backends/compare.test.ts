import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareValues } from "../../../interpreter/backends/compare.ts";

test("relative to the reference's magnitude, absolute below 1", () => {
  assert.equal(compareValues([101, 0.5], [100, 0.25]), { maxAbs: 1, maxRel: 0.25 });
  assert.equal(compareValues([1.5], [1.5]), { maxAbs: 0, maxRel: 0 });
});

test("NaN is an infinite difference", () => {
  assert.equal(compareValues([NaN], [1]).maxRel, Infinity);
  assert.equal(compareValues([1], [NaN]).maxAbs, Infinity);
});

test("different lengths are a bug", () => {
  assert.throws(() => compareValues([1], [1, 2]), /1 values vs 2/);
});

test.run();
