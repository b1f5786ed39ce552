import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Shape } from "../../../../../interpreter/backends/backend.ts";
import type { ActivationKernelName, KernelAttrsOf } from "../../../../../interpreter/backends/kernel-names.ts";
import { backend, run } from "./run-kernel.ts";
import { assertClose } from "../../../../helpers/conformance.ts";
import { randomData } from "../../../autograd/harness.ts";

function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, ta: boolean, tb: boolean): number[] {
  const c: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      c.push(s);
    }
  }
  return c;
}

test("matmul: all four transpose combinations, with and without accumulate", async () => {
  const [m, k, n] = [5, 7, 3];
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      const a = randomData(ta ? [k, m] : [m, k], 1);
      const b = randomData(tb ? [n, k] : [k, n], 2);
      const expected = naiveMatmul(a.data, b.data, m, k, n, ta, tb);
      const [c] = await run(
        "matmul",
        [
          [a.shape, a.data],
          [b.shape, b.data],
        ],
        [[[m, n], new Array(m * n).fill(1)]],
        { transposeA: ta, transposeB: tb },
      );
      assertClose(c!, expected, `matmul ta=${ta} tb=${tb}`);
      const [acc] = await run(
        "matmul",
        [
          [a.shape, a.data],
          [b.shape, b.data],
        ],
        [[[m, n], new Array(m * n).fill(1)]],
        { transposeA: ta, transposeB: tb, accumulate: true },
      );
      assertClose(
        acc!,
        expected.map((v) => v + 1),
        `matmul accumulate ta=${ta} tb=${tb}`,
      );
    }
  }
});

test("matmul: reads rank-3 inputs as [rows, last] matrices and rejects mismatched shapes", async () => {
  const a = randomData([2, 3, 4], 3);
  const b = randomData([4, 2], 4);
  const [c] = await run(
    "matmul",
    [
      [a.shape, a.data],
      [b.shape, b.data],
    ],
    [[[2, 3, 2]]],
  );
  assertClose(c!, naiveMatmul(a.data, b.data, 6, 4, 2, false, false), "rank-3 matmul");
  assert.throws(() => backend.run("matmul", [backend.alloc([2, 3]), backend.alloc([4, 2])], [backend.alloc([2, 2])]), /do not agree/);
});

test("binary kernels broadcast a trailing operand and support in-place and accumulate", async () => {
  const a: [Shape, number[]] = [
    [2, 3],
    [1, 2, 3, 4, 5, 6],
  ];
  const bias: [Shape, number[]] = [[3], [10, 20, 30]];
  assert.equal([...(await run("add", [a, bias], [[[2, 3]]]))[0]!], [11, 22, 33, 14, 25, 36]);
  assert.equal([...(await run("sub", [a, bias], [[[2, 3]]]))[0]!], [-9, -18, -27, -6, -15, -24]);
  assert.equal([...(await run("mul", [a, [[], [2]]], [[[2, 3]]]))[0]!], [2, 4, 6, 8, 10, 12]);
  assert.equal([...(await run("div", [a, a], [[[2, 3]]]))[0]!], [1, 1, 1, 1, 1, 1]);
  assert.equal(
    [
      ...(
        await run(
          "add",
          [a, a],
          [
            [
              [2, 3],
              [1, 1, 1, 1, 1, 1],
            ],
          ],
          { accumulate: true },
        )
      )[0]!,
    ],
    [3, 5, 7, 9, 11, 13],
  );
  const t = backend.alloc([2, 3]);
  backend.write(t, a[1]);
  backend.run("add", [t, t], [t]);
  assert.equal([...(await backend.read(t))], [2, 4, 6, 8, 10, 12]);
  assert.throws(() => backend.run("add", [backend.alloc([2, 3]), backend.alloc([4])], [backend.alloc([2, 3])]), /cannot broadcast/);
});

test("bias_grad sums rows (accumulating on request); sum and mean reduce one axis or all", async () => {
  const dy: [Shape, number[]] = [
    [2, 2, 3],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  ];
  assert.equal([...(await run("bias_grad", [dy], [[[3], [9, 9, 9]]]))[0]!], [22, 26, 30]);
  assert.equal([...(await run("bias_grad", [dy], [[[3], [1, 1, 1]]], { accumulate: true }))[0]!], [23, 27, 31]);
  assert.equal([...(await run("sum", [dy], [[[]]]))[0]!], [78]);
  assert.equal([...(await run("mean", [dy], [[[]]]))[0]!], [6.5]);
  assert.equal([...(await run("sum", [dy], [[[2, 2]]], { axis: -1 }))[0]!], [6, 15, 24, 33]);
  assert.equal([...(await run("sum", [dy], [[[2, 3]]], { axis: 1 }))[0]!], [5, 7, 9, 17, 19, 21]);
  assert.equal([...(await run("mean", [dy], [[[2, 3]]], { axis: 0 }))[0]!], [4, 5, 6, 7, 8, 9]);
  assert.throws(() => backend.run("sum", [backend.alloc([2, 3])], [backend.alloc([3])], { axis: 1 }), /cannot reduce/);
});

test("softmax and log_softmax are stable for huge logits", async () => {
  const x: [Shape, number[]] = [
    [2, 3],
    [1000, 1000, -1000, -100, -101, -102],
  ];
  const [p] = await run("softmax", [x], [[[2, 3]]]);
  const [lp] = await run("log_softmax", [x], [[[2, 3]]]);
  const e = [1, Math.exp(-1), Math.exp(-2)];
  const s = e[0]! + e[1]! + e[2]!;
  assertClose(p!, [0.5, 0.5, 0, ...e.map((v) => v / s)], "softmax");
  assertClose(lp!, [-Math.LN2, -Math.LN2, -2000 - Math.LN2, ...e.map((v) => Math.log(v / s))], "log_softmax");
});

test("activation kernels: known values, sigmoid/softplus do not overflow", async () => {
  const x: [Shape, number[]] = [[5], [-100, -1, 0, 1, 100]];
  const out = async (k: ActivationKernelName, attrs: KernelAttrsOf<ActivationKernelName> = {}) => [
    ...(await run(k, [x], [[[5]]], attrs))[0]!,
  ];
  assert.equal(await out("relu"), [0, 0, 0, 1, 100]);
  assertClose(await out("leaky_relu", { alpha: 0.2 }), [-20, -0.2, 0, 1, 100], "leaky_relu");
  assertClose(await out("sigmoid"), [0, 1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-1)), 1], "sigmoid");
  assertClose(await out("softplus"), [0, Math.log1p(Math.exp(-1)), Math.LN2, 1 + Math.log1p(Math.exp(-1)), 100], "softplus");
  assertClose(await out("elu", { alpha: 2 }), [-2, 2 * Math.expm1(-1), 0, 1, 100], "elu");
  assertClose(await out("gelu"), [0, -0.15865525393145707, 0, 0.8413447460685429, 100], "gelu");
});

test("copy, fill and scale", async () => {
  const x: [Shape, number[]] = [
    [2, 2],
    [1, 2, 3, 4],
  ];
  assert.equal([...(await run("copy", [x], [[[4]]]))[0]!], [1, 2, 3, 4]);
  assert.equal([...(await run("copy", [x], [[[4], [1, 1, 1, 1]]], { accumulate: true }))[0]!], [2, 3, 4, 5]);
  assert.equal([...(await run("fill", [], [[[3]]], { value: 7 }))[0]!], [7, 7, 7]);
  assert.equal([...(await run("scale", [x], [[[2, 2]]], { alpha: -2 }))[0]!], [-2, -4, -6, -8]);
  assert.equal(
    [
      ...(
        await run(
          "scale",
          [x],
          [
            [
              [2, 2],
              [1, 1, 1, 1],
            ],
          ],
          { alpha: 0.5, accumulate: true },
        )
      )[0]!,
    ],
    [1.5, 2, 2.5, 3],
  );
  assert.throws(() => backend.run("copy", [backend.alloc([3])], [backend.alloc([4])]), /3 values into 4/);
});

test("every element-wise, softmax and loss gradient kernel overwrites by default and adds under accumulate", async () => {
  const x = randomData([2, 3], 5, 0.1, 1);
  const target = randomData([2, 3], 6, 0, 1);
  // Spatial, normalization and recurrent gradient kernels take other shapes; their own tests cover `accumulate`.
  const family =
    /^(relu|sigmoid|tanh|leaky_relu|elu|gelu|gelu_tanh|silu|softplus|softmax|log_softmax|mse|mae|huber|bce|bce_logits|cce|cce_logits|sparse_cce|sparse_cce_logits|bias)_grad$/;
  const grads = [...backend.kernels].filter((name) => family.test(name));
  assert.is(grads.length, 21);
  for (const name of grads) {
    const arity = name.startsWith("softmax") || name.startsWith("log_softmax") ? 2 : name === "bias_grad" ? 1 : 3;
    const inputs: [Shape, ArrayLike<number>][] = Array.from({ length: arity }, (_, i) =>
      name.includes("sparse") && i === 1 ? [[2], [0, 2]] : [x.shape, x.data],
    );
    if (/^(mse|mae|huber|bce|cce)/.test(name)) inputs[1] = [target.shape, target.data];
    if (/^(mse|mae|huber|bce|cce|sparse_cce)/.test(name)) inputs[2] = [[], [1]]; // dloss is a scalar
    const outShape: Shape = name === "bias_grad" ? [3] : x.shape;
    const [plain] = await run(name, inputs, [[outShape]]);
    const [added] = await run(name, inputs, [[outShape, new Array(outShape.length === 1 ? 3 : 6).fill(1)]], {
      accumulate: true,
    });
    assertClose(
      added!,
      [...plain!].map((v) => v + 1),
      `${name} accumulate`,
    );
    assert.ok(
      plain!.some((v) => v !== 0),
      `${name} computes something`,
    );
  }
});

test.run();
