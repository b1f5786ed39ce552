// Finite-difference gradient checks of windowed and global pooling (1-D and 2-D, odd sizes,
// stride 2, same padding, overlapping windows, accumulated gradients), and their exact values
// where padding matters: max ignores it, average does not count it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import type { PoolOptions, Reduction } from "../../../interpreter/autograd/ops/pool.ts";
import { sizeOf } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { evaluate, gradcheck, type Data } from "./harness.ts";

/** Distinct values 0.1 apart, shuffled: no ties, and a finite-difference step never changes a maximum. */
function distinct(shape: number[], seed: number): Data {
  const values = Array.from({ length: sizeOf(shape) }, (_, i) => (i - sizeOf(shape) / 2) * 0.1);
  const random = new Random(seed);
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return { shape, data: Float32Array.from(values) };
}

const windowed: [string, Reduction, number[], PoolOptions][] = [
  ["2d same, 3x2 window, stride 2, odd sizes", "max", [2, 5, 7, 3], { pool: [3, 2], strides: [2, 2], padding: "same" }],
  ["2d valid, overlapping 3x3 stride 1", "max", [1, 6, 5, 2], { pool: [3, 3], strides: [1, 1] }],
  ["2d default strides (the pool size)", "max", [2, 4, 6, 2], { pool: [2, 3] }],
  ["1d same, window 3, stride 2", "max", [2, 7, 3], { pool: [3], strides: [2], padding: "same" }],
  ["2d same, 3x3 window, strides [2, 1]", "avg", [2, 5, 6, 2], { pool: [3, 3], strides: [2, 1], padding: "same" }],
  ["2d valid, overlapping 2x2 stride 1", "avg", [1, 5, 5, 3], { pool: [2, 2], strides: [1, 1] }],
  ["1d same, window 2, stride 2", "avg", [2, 7, 3], { pool: [2], strides: [2], padding: "same" }],
];

for (const [what, reduction, shape, options] of windowed) {
  test(`${reduction}pool ${what}: gradient matches finite differences`, async () => {
    await gradcheck(`${reduction}pool ${what}`, (g, [x]) => ops.pool(g, reduction, x!, options), [distinct(shape, 1)]);
  });
}

for (const reduction of ["max", "avg"] as const) {
  test(`global ${reduction} pooling 1d and 2d, and accumulated gradients: finite differences`, async () => {
    await gradcheck(`global ${reduction} 2d`, (g, [x]) => ops.globalPool(g, reduction, x!), [distinct([2, 3, 5, 4], 2)]);
    await gradcheck(`global ${reduction} 1d`, (g, [x]) => ops.globalPool(g, reduction, x!), [distinct([3, 7, 2], 3)]);
    await gradcheck(
      `${reduction}pool twice`,
      (g, [x]) => ops.add(g, ops.pool(g, reduction, x!, { pool: [2, 2] }), ops.pool(g, reduction, x!, { pool: [2, 2] })),
      [distinct([1, 4, 4, 2], 4)],
    );
    await gradcheck(
      `global ${reduction} twice`,
      (g, [x]) => ops.add(g, ops.globalPool(g, reduction, x!), ops.globalPool(g, reduction, x!)),
      [distinct([2, 3, 3, 2], 5)],
    );
  });
}

test("same padding: max ignores the padded cells, average divides by the cells inside", async () => {
  // 3x3 single-channel image, 2x2 windows, stride 2: windows of 4, 2, 2 and 1 cells.
  const x = { shape: [1, 3, 3, 1], data: [-1, -2, -3, -4, -5, -6, -7, -8, -9] };
  const max = await evaluate((g, [v]) => ops.pool(g, "max", v!, { pool: [2, 2], padding: "same" }), [x]);
  assert.equal([...max.y], [-1, -3, -7, -9]);
  assert.equal([...max.grads[0]!], [1, 0, 1, 0, 0, 0, 1, 0, 1]);
  const avg = await evaluate((g, [v]) => ops.pool(g, "avg", v!, { pool: [2, 2], padding: "same" }), [x]);
  assert.equal([...avg.y], [-3, -4.5, -7.5, -9]);
  assert.equal([...avg.grads[0]!], [0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1]);
});

test("pooling output shapes; a window larger than the input is refused", () => {
  const g = new Graph(new CpuBackend());
  assert.equal(ops.pool(g, "max", g.input([2, 7, 5, 3]), { pool: [2, 2] }).shape, [2, 3, 2, 3]);
  assert.equal(ops.pool(g, "avg", g.input([2, 7, 5, 3]), { pool: [2, 2], padding: "same" }).shape, [2, 4, 3, 3]);
  assert.equal(ops.pool(g, "max", g.input([2, 9, 3]), { pool: [3], strides: [2] }).shape, [2, 4, 3]);
  assert.equal(ops.globalPool(g, "avg", g.input([2, 7, 5, 3])).shape, [2, 3]);
  assert.throws(() => ops.pool(g, "max", g.input([1, 2, 2, 1]), { pool: [3, 3] }), /does not fit/);
  assert.throws(() => ops.pool(g, "max", g.input([1, 4, 1]), { pool: [2, 2] }), /needs 2 spatial axes/);
});

test.run();
