// The attention and reverse_time ops: forward against plain float64 loops, gradients against
// finite differences.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { evaluate, gradcheck, randomData } from "./harness.ts";

const [B, T, H, D] = [2, 4, 2, 3];
const W = H * D;

/** softmax(Q_h K_h^T / sqrt(D) [masked]) V_h per batch and head, in float64. */
function reference(q: ArrayLike<number>, k: ArrayLike<number>, v: ArrayLike<number>, causal: boolean): number[] {
  const out = new Array<number>(B * T * W).fill(0);
  const at = (b: number, t: number, h: number, j: number) => (b * T + t) * W + h * D + j;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const scores = Array.from({ length: T }, (_, s) => {
          if (causal && s > t) return -Infinity;
          let dot = 0;
          for (let j = 0; j < D; j++) dot += q[at(b, t, h, j)]! * k[at(b, s, h, j)]!;
          return dot / Math.sqrt(D);
        });
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const sum = exps.reduce((a, e) => a + e, 0);
        for (let s = 0; s < T; s++) for (let j = 0; j < D; j++) out[at(b, t, h, j)]! += (exps[s]! / sum) * v[at(b, s, h, j)]!;
      }
    }
  }
  return out;
}

const qkv = (seed: number) => [randomData([B, T, W], seed), randomData([B, T, W], seed + 1), randomData([B, T, W], seed + 2)];

for (const causal of [false, true]) {
  test(`attention (2 heads${causal ? ", causal" : ""}) matches a float64 reference`, async () => {
    const inputs = qkv(1);
    const { y } = await evaluate((g, [q, k, v]) => ops.attention(g, q!, k!, v!, { heads: H, causal }), inputs);
    const expected = reference(inputs[0]!.data, inputs[1]!.data, inputs[2]!.data, causal);
    y.forEach((got, i) => assert.ok(Math.abs(got - expected[i]!) < 1e-5, `y[${i}] ${got} vs ${expected[i]}`));
  });

  test(`attention (2 heads${causal ? ", causal" : ""}): gradients of q, k, v match finite differences`, async () => {
    await gradcheck(`attention causal=${causal}`, (g, [q, k, v]) => ops.attention(g, q!, k!, v!, { heads: H, causal }), qkv(10));
  });
}

test("attention: q, k, v used twice (self-attention on one input) accumulate their gradients", async () => {
  await gradcheck("attention self", (g, [x]) => ops.attention(g, x!, x!, x!, { heads: H, causal: true }), [randomData([B, T, W], 20)]);
});

test("attention: a single step attends to itself only, and mismatched shapes or heads throw", async () => {
  const [q, k, v] = [randomData([1, 1, 4], 30), randomData([1, 1, 4], 31), randomData([1, 1, 4], 32)];
  const { y } = await evaluate((g, [a, b, c]) => ops.attention(g, a!, b!, c!, { heads: 2, causal: false }), [q!, k!, v!]);
  assert.equal([...y], [...Float32Array.from(v!.data)]);
  const g = new Graph(new CpuBackend());
  const [a, b] = [g.input([1, 1, 4]), g.input([1, 2, 4])];
  assert.throws(() => ops.attention(g, a, a, a, { heads: 3, causal: false }), /3 heads do not fit/);
  assert.throws(() => ops.attention(g, a, a, b, { heads: 2, causal: false }), /do not fit/);
});

test("reverse_time reverses the time axis of [batch, time, features] and [batch, time]", async () => {
  const x = { shape: [2, 3, 2], data: Float32Array.from({ length: 12 }, (_, i) => i) };
  const { y } = await evaluate((g, [a]) => ops.reverseTime(g, a!), [x]);
  assert.equal([...y], [4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7]);
  const flat = await evaluate((g, [a]) => ops.reverseTime(g, a!), [{ shape: [1, 3], data: [1, 2, 3] }]);
  assert.equal([...flat.y], [3, 2, 1]);
});

test("reverse_time: gradients match finite differences, also when its input is used twice", async () => {
  await gradcheck("reverse_time", (g, [x]) => ops.reverseTime(g, x!), [randomData([2, 4, 3], 40)]);
  await gradcheck("reverse_time twice", (g, [x]) => ops.add(g, ops.reverseTime(g, x!), x!), [randomData([2, 4, 3], 41)]);
});

test("concat of two sequences: gradients match finite differences", async () => {
  await gradcheck("concat", (g, [a, b]) => ops.concat(g, [a!, b!]), [randomData([2, 3, 2], 50), randomData([2, 3, 4], 51)]);
});

test.run();
