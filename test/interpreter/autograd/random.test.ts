import { test } from "uvu";
import * as assert from "uvu/assert";
import { Random } from "../../../interpreter/autograd/random.ts";

test("same seed gives the same sequence, different seeds differ", () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const seqA = Array.from({ length: 8 }, () => a.nextUint32());
  const seqB = Array.from({ length: 8 }, () => b.nextUint32());
  const seqC = Array.from({ length: 8 }, () => c.nextUint32());
  assert.equal(seqA, seqB);
  assert.not.equal(seqA, seqC);
});

test("uniform is in [0,1) with mean near 1/2; normal has mean 0 and variance 1", () => {
  const rng = new Random(7);
  let sum = 0;
  let min = 1;
  let max = 0;
  for (let i = 0; i < 100_000; i++) {
    const u = rng.uniform();
    sum += u;
    min = Math.min(min, u);
    max = Math.max(max, u);
  }
  assert.ok(min >= 0 && max < 1);
  assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
  let mean = 0;
  let sq = 0;
  for (let i = 0; i < 100_000; i++) {
    const z = rng.normal();
    mean += z;
    sq += z * z;
  }
  mean /= 100_000;
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(sq / 100_000 - mean * mean - 1) < 0.02);
});

test("shuffle is a permutation", () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => i);
  new Random(1).shuffle(values);
  assert.equal(
    [...values].sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.not.equal(
    [...values],
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test.run();
