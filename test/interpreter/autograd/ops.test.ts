import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { ActivationKernelName } from "../../../interpreter/backends/kernel-names.ts";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import { evaluate, gradcheck, randomData } from "./harness.ts";

const x46 = randomData([4, 6], 1, -3, 3, 0.05);

// Each backward kernel is covered here: <activation>_grad, softmax_grad, log_softmax_grad,
// matmul (both transposed forms), bias_grad, copy and mul (with accumulate via reuse).
const unaries: [ActivationKernelName, number | undefined][] = [
  ["relu", undefined],
  ["sigmoid", undefined],
  ["tanh", undefined],
  ["leaky_relu", 0.2],
  ["elu", 1.3],
  ["gelu", undefined],
  ["gelu_tanh", undefined],
  ["silu", undefined],
  ["softplus", undefined],
];
for (const [kernel, alpha] of unaries) {
  test(`${kernel}: gradient matches finite differences`, async () => {
    await gradcheck(kernel, (g, [x]) => ops.unary(g, kernel, x!, alpha), [x46]);
  });
}

test("softmax and log_softmax: gradients match finite differences", async () => {
  await gradcheck("softmax", (g, [x]) => ops.softmax(g, x!), [x46]);
  await gradcheck("log_softmax", (g, [x]) => ops.logSoftmax(g, x!), [x46]);
});

test("dense: gradients of x, kernel and bias match finite differences (rank 2 and 3)", async () => {
  const dense = (g: Graph, [x, w, b]: ReturnType<Graph["input"]>[]) => ops.dense(g, x!, w!, b!);
  await gradcheck("dense 2d", dense, [randomData([3, 4], 2), randomData([4, 5], 3), randomData([5], 4)]);
  await gradcheck("dense 3d", dense, [randomData([2, 3, 4], 5), randomData([4, 2], 6), randomData([2], 7)]);
});

test("add: same-shape and broadcast operands get the right gradients", async () => {
  await gradcheck("add", (g, [a, b]) => ops.add(g, a!, b!), [randomData([3, 4], 8), randomData([3, 4], 9)]);
  await gradcheck("add bias", (g, [a, b]) => ops.add(g, a!, b!), [randomData([2, 3, 4], 10), randomData([3, 4], 11)]);
});

test("reshape and flatten move values row-major and route gradients back", async () => {
  const x = randomData([2, 3, 2], 12);
  const { y, grads } = await evaluate((g, [v]) => ops.flatten(g, v!), [x], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal([...y], Array.from(x.data));
  assert.equal([...grads[0]!], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  await gradcheck("reshape then tanh", (g, [v]) => ops.unary(g, "tanh", ops.reshape(g, v!, [3, 4])), [x]);
});

test("a value used twice accumulates both gradient contributions", async () => {
  // y = tanh(x) + x  =>  dy/dx = 1 - tanh(x)^2 + 1
  const x = randomData([2, 3], 13);
  const { grads } = await evaluate((g, [v]) => ops.add(g, ops.unary(g, "tanh", v!), v!), [x]);
  grads[0]!.forEach((d, i) => assert.ok(Math.abs(d - (2 - Math.tanh(x.data[i]!) ** 2)) < 1e-6, `grad[${i}] = ${d}`));
  await gradcheck("x + x", (g, [v]) => ops.add(g, v!, v!), [x]);
  await gradcheck("dense(x, x)", (g, [v]) => ops.dense(g, v!, v!), [randomData([3, 3], 14)]);
});

test("losses through the graph: gradients match finite differences", async () => {
  const pred = randomData([3, 4], 15, -2, 2, 0.05);
  const target = randomData([3, 4], 16, -2, 2);
  for (const kernel of ["mse", "mae", "huber"] as const) {
    await gradcheck(kernel, (g, [p, t]) => ops.loss(g, kernel, p!, t!, { delta: 1.5 }), [pred, target], { wrt: [0] });
  }
});

test("dropout: inverted scaling, fresh seeded mask each step, identity in eval, dx = dy * mask", async () => {
  const backend = new CpuBackend();
  const g = new Graph(backend, { seed: 5 });
  const x = g.input([50, 40], "x", { requiresGrad: true });
  backend.write(x.tensor, new Float32Array(2000).fill(2));
  const y = ops.dropout(g, x, 0.25);
  const plan = g.compile(y);
  plan.forward();
  const first = await backend.read(y.tensor);
  const zeros = first.filter((v) => v === 0).length;
  assert.ok(zeros > 400 && zeros < 600, `${zeros} of 2000 dropped at rate 0.25`);
  assert.ok(
    first.every((v) => v === 0 || Math.abs(v - 2 / 0.75) < 1e-6),
    "kept values scaled by 1/(1-rate)",
  );
  plan.backward();
  const dx = await backend.read(plan.grad(x));
  dx.forEach((d, i) => assert.is(d, first[i]! / 2));
  plan.forward();
  const second = await backend.read(y.tensor);
  assert.ok(
    second.some((v, i) => v !== first[i]),
    "mask is re-drawn each forward",
  );
  g.training = false;
  plan.forward();
  assert.ok(
    (await backend.read(y.tensor)).every((v) => v === 2),
    "identity in eval",
  );

  const again = new Graph(new CpuBackend(), { seed: 5 });
  const x2 = again.input([50, 40]);
  again.backend.write(x2.tensor, new Float32Array(2000).fill(2));
  const y2 = ops.dropout(again, x2, 0.25);
  again.compile(y2).forward();
  assert.equal([...(await again.backend.read(y2.tensor))], [...first], "same seed, same mask");
});

test("backward skips inputs that need no gradient and rejects a target without params", async () => {
  const g = new Graph(new CpuBackend());
  const x = g.input([2, 3]);
  const w = g.param([3, 2], "w", [1, 2, 3, 4, 5, 6]);
  const plan = g.compile(ops.dense(g, x, w));
  assert.throws(() => plan.grad(x), /no gradient/);
  assert.ok(plan.paramGrads.length === 1 && plan.paramGrads[0]!.param === w);
  const frozen = g.compile(ops.unary(g, "relu", x));
  assert.throws(() => frozen.backward(), /does not depend on anything trainable/);
});

test.run();
