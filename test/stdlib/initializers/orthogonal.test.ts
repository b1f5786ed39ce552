import { test } from "uvu";
import * as assert from "uvu/assert";
import { initialize } from "../../../stdlib/initializers/index.ts";
import { Random } from "../../../interpreter/autograd/random.ts";

/** Asserts that the `count` vectors v(0..count) of length `length` are orthonormal (times gain). */
function assertOrthonormal(at: (vector: number, i: number) => number, count: number, length: number, gain: number, what: string) {
  for (let a = 0; a < count; a++) {
    for (let b = 0; b < count; b++) {
      let dot = 0;
      for (let i = 0; i < length; i++) dot += at(a, i) * at(b, i);
      const expected = a === b ? gain * gain : 0;
      assert.ok(Math.abs(dot - expected) < 1e-5, `${what}: <v${a}, v${b}> = ${dot}, expected ${expected}`);
    }
  }
}

test("orthogonal: square Q has Q^T Q = I", () => {
  const q = initialize("orthogonal", [6, 6], new Random(1));
  assertOrthonormal((col, i) => q[i * 6 + col]!, 6, 6, 1, "columns");
  assertOrthonormal((row, i) => q[row * 6 + i]!, 6, 6, 1, "rows");
});

test("orthogonal: tall matrices get orthonormal columns, wide ones orthonormal rows (Keras' transpose)", () => {
  const tall = initialize("orthogonal", [9, 4], new Random(2));
  assertOrthonormal((col, i) => tall[i * 4 + col]!, 4, 9, 1, "tall columns");
  const wide = initialize("orthogonal", [5, 20], new Random(3)); // an lstm recurrent_kernel [units, 4*units]
  assertOrthonormal((row, i) => wide[row * 20 + i]!, 5, 20, 1, "wide rows");
  const conv = initialize("orthogonal", [3, 2, 8], new Random(4)); // rows = 3*2 flattened
  assertOrthonormal((row, i) => conv[row * 8 + i]!, 6, 8, 1, "rank-3 rows");
});

test("orthogonal: gain scales, the seed decides, rank 1 is refused", () => {
  const unit = initialize("orthogonal", [4, 4], new Random(5));
  const scaled = initialize("orthogonal", [4, 4], new Random(5), { gain: 2 });
  assert.equal(
    [...scaled],
    [...unit].map((v) => Math.fround(2 * v)),
  );
  assert.equal(initialize("orthogonal", [4, 4], new Random(5)), unit);
  assert.not.equal(initialize("orthogonal", [4, 4], new Random(6)), unit);
  assert.throws(() => initialize("orthogonal", [4], new Random(7)), /orthogonal: needs a shape of rank 2 or more/);
});

test("lstm_bias: zeros except the forget-gate block", () => {
  assert.equal([...initialize("lstm_bias", [8], new Random(8))], [0, 0, 1, 1, 0, 0, 0, 0]);
  assert.throws(() => initialize("lstm_bias", [6], new Random(9)), /lstm_bias: the last axis \(6\) must hold 4 gate blocks/);
});

test.run();
