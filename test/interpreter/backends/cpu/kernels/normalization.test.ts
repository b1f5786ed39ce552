// The normalization kernels against naive float64 references: batch moments and moving
// averages, batchnorm / layernorm forward and dx, the shared dgamma kernel, and `accumulate`.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Shape } from "../../../../../interpreter/backends/backend.ts";
import { backend, run } from "./run-kernel.ts";
import { assertClose } from "../../../../helpers/conformance.ts";
import { randomData } from "../../../autograd/harness.ts";

/** Column c of a row-major [rows, n] array. */
const column = (xs: ArrayLike<number>, n: number, c: number): number[] => Array.from({ length: xs.length / n }, (_, r) => xs[r * n + c]!);
const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const biasedVariance = (xs: readonly number[]): number => meanOf(xs.map((x) => (x - meanOf(xs)) ** 2));

const x = randomData([2, 3, 4], 1);
const channels = 4;

test("batchnorm_moments: per-channel mean and biased variance over every axis but the last", async () => {
  const [mean, variance] = await run("batchnorm_moments", [[x.shape, x.data]], [[[channels]], [[channels]]]);
  const columns = Array.from({ length: channels }, (_, c) => column(x.data, channels, c));
  assertClose(mean!, columns.map(meanOf), "mean");
  assertClose(variance!, columns.map(biasedVariance), "variance");
});

test("batchnorm_moving_average: moving = moving*momentum + stat*(1-momentum), in place", async () => {
  const [moving] = await run("batchnorm_moving_average", [[[2], [2, -4]]], [[[2], [1, 1]]], { momentum: 0.75 });
  assertClose(moving!, [0.75 + 0.5, 0.75 - 1], "moving");
});

test("batchnorm: gamma*(x-mean)/sqrt(var+eps)+beta per channel, saving xhat and invStd", async () => {
  const mean = [0.5, -1, 0, 2];
  const variance = [1, 0.25, 4, 0];
  const gamma = [1, 2, -1, 0.5];
  const beta = [0, 1, -2, 3];
  const eps = 1e-3;
  const [y, xhat, invStd] = await run(
    "batchnorm",
    [
      [x.shape, x.data],
      [[channels], mean],
      [[channels], variance],
      [[channels], gamma],
      [[channels], beta],
    ],
    [[x.shape], [x.shape], [[channels]]],
    { epsilon: eps },
  );
  const expectedXhat = Array.from(x.data, (v, i) => (v - mean[i % channels]!) / Math.sqrt(variance[i % channels]! + eps));
  assertClose(xhat!, expectedXhat, "xhat");
  assertClose(
    y!,
    expectedXhat.map((v, i) => gamma[i % channels]! * v + beta[i % channels]!),
    "y",
  );
  assertClose(
    invStd!,
    variance.map((v) => 1 / Math.sqrt(v + eps)),
    "invStd",
  );
});

test("batchnorm_grad: through the batch statistics (flag 1), as constants (flag 0), and accumulating", async () => {
  const xhat = randomData([5, 3], 2).data;
  const dy = randomData([5, 3], 3).data;
  const invStd = [0.5, 2, 1];
  const gamma = [1, -1, 3];
  const inputs = (flag: number): [Shape, ArrayLike<number>][] => [
    [[5, 3], xhat],
    [[3], invStd],
    [[3], gamma],
    [[5, 3], dy],
    [[1], [flag]],
  ];
  const naive = Array.from(dy, (d, i) => {
    const c = i % 3;
    const dys = column(dy, 3, c);
    const dyx = dys.map((v, r) => v * xhat[r * 3 + c]!);
    return gamma[c]! * invStd[c]! * (d - meanOf(dys) - xhat[i]! * meanOf(dyx));
  });
  const [through] = await run("batchnorm_grad", inputs(1), [[[5, 3]]]);
  assertClose(through!, naive, "dx through the statistics");
  const [constant] = await run("batchnorm_grad", inputs(0), [[[5, 3]]]);
  assertClose(
    constant!,
    Array.from(dy, (d, i) => gamma[i % 3]! * invStd[i % 3]! * d),
    "dx with constant statistics",
  );
  const [accumulated] = await run("batchnorm_grad", inputs(1), [[[5, 3], new Float32Array(15).fill(1)]], { accumulate: true });
  assertClose(
    accumulated!,
    naive.map((v) => v + 1),
    "accumulated dx",
  );
});

test("layernorm: every row normalised over the last axis (mean 0, biased variance ~1), scaled and shifted", async () => {
  const eps = 1e-3;
  const gamma = [1, 2, -1, 0.5];
  const beta = [0, 1, -2, 3];
  const [y, xhat, invStd] = await run(
    "layernorm",
    [
      [x.shape, x.data],
      [[channels], gamma],
      [[channels], beta],
    ],
    [[x.shape], [x.shape], [[2, 3]]],
    { epsilon: eps },
  );
  for (let row = 0; row < 6; row++) {
    const values = Array.from(x.data).slice(row * channels, (row + 1) * channels);
    const scale = 1 / Math.sqrt(biasedVariance(values) + eps);
    assertClose([invStd![row]!], [scale], `invStd[${row}]`);
    const normalized = values.map((v) => (v - meanOf(values)) * scale);
    assertClose(xhat!.slice(row * channels, (row + 1) * channels), normalized, `xhat row ${row}`);
    assertClose(
      y!.slice(row * channels, (row + 1) * channels),
      normalized.map((v, j) => gamma[j]! * v + beta[j]!),
      `y row ${row}`,
    );
  }
});

test("layernorm_grad: dx = invStd*(g - mean(g) - xhat*mean(g*xhat)) per row, g = dy*gamma; honours accumulate", async () => {
  const xhat = randomData([3, 4], 4).data;
  const dy = randomData([3, 4], 5).data;
  const invStd = [0.5, 2, 1];
  const gamma = [1, -1, 3, 0.25];
  const naive: number[] = [];
  for (let row = 0; row < 3; row++) {
    const g = [0, 1, 2, 3].map((j) => dy[row * 4 + j]! * gamma[j]!);
    const gx = g.map((v, j) => v * xhat[row * 4 + j]!);
    for (let j = 0; j < 4; j++) naive.push(invStd[row]! * (g[j]! - meanOf(g) - xhat[row * 4 + j]! * meanOf(gx)));
  }
  const inputs: [Shape, ArrayLike<number>][] = [
    [[3, 4], xhat],
    [[3], invStd],
    [[4], gamma],
    [[3, 4], dy],
  ];
  const [dx] = await run("layernorm_grad", inputs, [[[3, 4]]]);
  assertClose(dx!, naive, "dx");
  const [accumulated] = await run("layernorm_grad", inputs, [[[3, 4], new Float32Array(12).fill(-2)]], { accumulate: true });
  assertClose(
    accumulated!,
    naive.map((v) => v - 2),
    "accumulated dx",
  );
});

test("norm_scale_grad: dgamma = sum over rows of dy*xhat; honours accumulate; refuses mismatched shapes", async () => {
  const xhat = randomData([2, 3, 4], 6).data;
  const dy = randomData([2, 3, 4], 7).data;
  const naive = [0, 1, 2, 3].map((c) => column(dy, 4, c).reduce((sum, d, r) => sum + d * xhat[r * 4 + c]!, 0));
  const [dgamma] = await run(
    "norm_scale_grad",
    [
      [[2, 3, 4], dy],
      [[2, 3, 4], xhat],
    ],
    [[[4], [9, 9, 9, 9]]],
  );
  assertClose(dgamma!, naive, "dgamma");
  const [accumulated] = await run(
    "norm_scale_grad",
    [
      [[2, 3, 4], dy],
      [[2, 3, 4], xhat],
    ],
    [[[4], [1, 2, 3, 4]]],
    { accumulate: true },
  );
  assertClose(
    accumulated!,
    naive.map((v, c) => v + c + 1),
    "accumulated dgamma",
  );
  assert.throws(
    () => backend.run("norm_scale_grad", [backend.alloc([2, 3]), backend.alloc([2, 3])], [backend.alloc([4])]),
    /do not end in 4 values/,
  );
});

test.run();
