// Finite-difference gradient checks of conv (1-D and 2-D: odd sizes, stride 2, same / valid /
// causal padding, dilation, with and without bias, accumulated gradients), zeroPad2d and upsample2d.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import type { WindowOptions } from "../../../interpreter/autograd/ops/window.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { evaluate, gradcheck, randomData, type Build } from "./harness.ts";

const conv =
  (options: WindowOptions): Build =>
  (g, [x, k, b]) =>
    ops.conv(g, x!, k!, b, options);

const cases: [string, number[], number[], WindowOptions][] = [
  ["2d same stride 2, odd sizes, 3x2 kernel", [2, 5, 7, 3], [3, 2, 3, 4], { strides: [2, 2], padding: "same" }],
  ["2d valid, dilation [2, 1], strides [1, 2]", [1, 7, 6, 2], [2, 3, 2, 3], { strides: [1, 2], dilation: [2, 1] }],
  ["2d same, even kernel, dilation 2, strides [2, 1]", [2, 6, 5, 2], [2, 2, 2, 2], { strides: [2, 1], dilation: [2, 2], padding: "same" }],
  ["2d valid stride 2", [2, 7, 7, 2], [3, 3, 2, 3], { strides: [2, 2] }],
  ["1d causal, dilation 2, stride 2", [2, 9, 3], [3, 3, 2], { strides: [2], dilation: [2], padding: "causal" }],
  ["1d same stride 2, even kernel", [2, 8, 3], [4, 3, 2], { strides: [2], padding: "same" }],
  ["1d valid", [3, 6, 2], [3, 2, 3], {}],
];

for (const [what, xShape, kShape, options] of cases) {
  test(`conv ${what}: gradients of x, kernel and bias match finite differences`, async () => {
    await gradcheck(`conv ${what}`, conv(options), [randomData(xShape, 1), randomData(kShape, 2), randomData([kShape.at(-1)!], 3)]);
  });
}

test("conv without bias: gradients of x and kernel", async () => {
  await gradcheck("conv no bias", (g, [x, k]) => ops.conv(g, x!, k!, undefined, { padding: "same" }), [
    randomData([2, 4, 5, 2], 4),
    randomData([3, 3, 2, 2], 5),
  ]);
});

test("conv gradients accumulate: x used by the conv and the residual, one kernel used twice", async () => {
  await gradcheck("conv(x) + x", (g, [x, k]) => ops.add(g, ops.conv(g, x!, k!, undefined, { padding: "same" }), x!), [
    randomData([2, 5, 5, 3], 6),
    randomData([3, 3, 3, 3], 7),
  ]);
  await gradcheck("conv(a, k) + conv(b, k)", (g, [a, b, k]) => ops.add(g, ops.conv(g, a!, k!), ops.conv(g, b!, k!)), [
    randomData([1, 5, 6, 2], 8),
    randomData([1, 5, 6, 2], 9),
    randomData([2, 3, 2, 2], 10),
  ]);
});

test("conv output shapes follow TensorFlow; kernels that do not fit are refused", () => {
  const g = new Graph(new CpuBackend());
  const shape = (x: number[], k: number[], options: WindowOptions) => ops.conv(g, g.input(x), g.input(k), undefined, options).shape;
  assert.equal(shape([1, 5, 7, 1], [3, 3, 1, 2], { strides: [2, 2], padding: "same" }), [1, 3, 4, 2]);
  assert.equal(shape([1, 7, 7, 1], [3, 3, 1, 1], { dilation: [2, 2] }), [1, 3, 3, 1]);
  assert.equal(shape([1, 7, 1], [3, 1, 1], { strides: [2], padding: "causal" }), [1, 4, 1]);
  assert.throws(() => shape([1, 5, 5, 2], [3, 3, 3, 1], {}), /does not fit kernel/);
  assert.throws(() => shape([1, 2, 2, 1], [3, 3, 1, 1], {}), /does not fit spatial/);
  assert.throws(() => shape([1, 5, 5, 1], [3, 3, 1, 1], { padding: "causal" }), /causal padding is for 1-D/);
  assert.throws(() => ops.conv(g, g.input([1, 5, 5, 1]), g.input([3, 3, 1, 2]), g.input([3])), /bias \[3\] should be \[2\]/);
});

test("zeroPad2d and upsample2d: values and gradients", async () => {
  const x = randomData([2, 3, 2, 2], 11);
  const padded = await evaluate((g, [v]) => ops.zeroPad2d(g, v!, [1, 2], [0, 1]), [x]);
  assert.is(padded.y.length, 2 * 6 * 3 * 2);
  assert.is(padded.y[((0 * 6 + 1) * 3 + 0) * 2 + 1], x.data[1]);
  assert.is(padded.y[0], 0);
  assert.equal(
    [...padded.grads[0]!],
    Array.from({ length: x.data.length }, () => 1),
  );
  await gradcheck("zeroPad2d", (g, [v]) => ops.zeroPad2d(g, v!, [2, 1], [1, 3]), [x]);
  await gradcheck("zeroPad2d twice", (g, [v]) => ops.add(g, ops.zeroPad2d(g, v!, [1, 1], [1, 1]), ops.zeroPad2d(g, v!, [2, 0], [0, 2])), [
    x,
  ]);

  const up = await evaluate((g, [v]) => ops.upsample2d(g, v!, [2, 3]), [x]);
  assert.is(up.y.length, 2 * 6 * 6 * 2);
  assert.is(up.y[((1 * 6 + 5) * 6 + 4) * 2 + 1], x.data[((1 * 3 + 2) * 2 + 1) * 2 + 1]);
  assert.equal(
    [...up.grads[0]!],
    Array.from({ length: x.data.length }, () => 6),
  );
  await gradcheck("upsample2d", (g, [v]) => ops.upsample2d(g, v!, [3, 2]), [x]);
  await gradcheck("upsample2d + itself", (g, [v]) => ops.add(g, ops.upsample2d(g, v!, [2, 2]), ops.upsample2d(g, v!, [2, 2])), [x]);
});

test.run();
