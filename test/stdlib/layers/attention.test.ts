// The attention layer: its forward against a float64 multi-head attention written out here,
// causality, gradients of the input and all eight weights, and the checker's shapes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Value } from "../../../interpreter/autograd/graph.ts";
import { attention } from "../../../stdlib/layers/attention.ts";
import type { Config } from "../../../stdlib/layers/layer-spec.ts";
import { evaluate, gradcheck, randomData, type Build, type Data } from "../../interpreter/autograd/harness.ts";
import { compile } from "../../interpreter/runtime/helpers.ts";

const [B, T, F, H, D] = [2, 4, 3, 2, 3];
const names = [
  "query_kernel",
  "query_bias",
  "key_kernel",
  "key_bias",
  "value_kernel",
  "value_bias",
  "attention_output_kernel",
  "attention_output_bias",
];

const configOf = (causal: boolean, heads = H, keyDim = D): Config => ({ heads, key_dim: keyDim, causal });

/** x [B, T, F] and the layer's weights in `names` order, shaped by the layer itself. */
function inputs(seed: number, xData?: Data): Data[] {
  const params = attention.params([T, F], configOf(false));
  assert.equal(
    params.map((p) => p.name),
    names,
  );
  return [xData ?? randomData([B, T, F], seed), ...params.map((p, i) => randomData(p.shape, seed + 1 + i, -0.8, 0.8))];
}

const build =
  (config: Config): Build =>
  (graph, [x, ...weights]) => {
    const byName = new Map<string, Value>(names.map((n, i) => [n, weights[i]!]));
    return attention.forward!({ graph, param: (n) => byName.get(n)! }, x!, config);
  };

/** rows [n, a] @ w [a, b] + bias [b], in float64. */
function affine(rows: number[][], w: ArrayLike<number>, bias: ArrayLike<number>): number[][] {
  const out = bias.length;
  return rows.map((row) => Array.from({ length: out }, (_, j) => row.reduce((sum, v, i) => sum + v * w[i * out + j]!, bias[j]!)));
}

/** Keras MultiHeadAttention(H, D)(x, x, use_causal_mask=causal), written out in float64. */
function reference([x, qk, qb, kk, kb, vk, vb, ok, ob]: Data[], causal: boolean): number[] {
  const y: number[] = [];
  for (let b = 0; b < B; b++) {
    const rows = Array.from({ length: T }, (_, t) => Array.from({ length: F }, (_, f) => x!.data[(b * T + t) * F + f]!));
    const [q, k, v] = [affine(rows, qk!.data, qb!.data), affine(rows, kk!.data, kb!.data), affine(rows, vk!.data, vb!.data)];
    const context = rows.map(() => new Array<number>(H * D).fill(0));
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const scores = k.map((ks, s) =>
          causal && s > t ? -Infinity : ks.slice(h * D, h * D + D).reduce((sum, kv, j) => sum + kv * q[t]![h * D + j]!, 0) / Math.sqrt(D),
        );
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, e) => a + e, 0);
        for (let s = 0; s < T; s++) for (let j = 0; j < D; j++) context[t]![h * D + j]! += (exps[s]! / total) * v[s]![h * D + j]!;
      }
    }
    y.push(...affine(context, ok!.data, ob!.data).flat());
  }
  return y;
}

for (const causal of [false, true]) {
  test(`attention 2 ${D}${causal ? " causal=true" : ""}: forward matches a float64 MultiHeadAttention`, async () => {
    const data = inputs(1);
    const { y } = await evaluate(build(configOf(causal)), data);
    const expected = reference(data, causal);
    assert.is(y.length, B * T * F);
    y.forEach((got, i) => assert.ok(Math.abs(got - expected[i]!) < 1e-4, `y[${i}] ${got} vs ${expected[i]}`));
  });

  test(`attention 2 ${D}${causal ? " causal=true" : ""}: gradients of x and every weight match finite differences`, async () => {
    await gradcheck(`attention layer causal=${causal}`, build(configOf(causal)), inputs(20));
  });
}

test("causal=true: the output at step t does not change when later steps change; without it, it does", async () => {
  const base = randomData([B, T, F], 30);
  const later = { shape: base.shape, data: Float32Array.from(base.data, (v, i) => (Math.floor(i / F) % T > 1 ? v + 1.5 : v)) };
  for (const causal of [true, false]) {
    const [a, b] = [await evaluate(build(configOf(causal)), inputs(31, base)), await evaluate(build(configOf(causal)), inputs(31, later))];
    for (let i = 0; i < a.y.length; i++) {
      const step = Math.floor(i / F) % T;
      if (step > 1) continue;
      if (causal) assert.is(a.y[i], b.y[i], `y[${i}] at step ${step}`);
      else if (Math.abs(a.y[i]! - b.y[i]!) < 1e-6) assert.unreachable(`without the mask, y[${i}] should see later steps`);
    }
  }
});

test("the checker: output shape is the input shape, weights [features, heads*key_dim], rank 2 inputs only", () => {
  const model = compile(`model net {
  input 7 5
  layer attention 3 4
  layer attention 2 8 causal=true
  layer flatten
  layer dense 2 softmax
}
`).checked.models.get("net")!;
  const [first, second] = model.nodes.flatMap((node) => (node.type === "layer" ? [node] : []));
  assert.equal(first!.outputShape, [7, 5]);
  assert.equal(second!.outputShape, [7, 5]);
  assert.equal(second!.config["causal"], true);
  assert.equal(first!.config["causal"], false);
  assert.equal(
    first!.params.map((p) => `${p.name} [${p.shape}]`),
    [
      "query_kernel [5,12]",
      "query_bias [12]",
      "key_kernel [5,12]",
      "key_bias [12]",
      "value_kernel [5,12]",
      "value_bias [12]",
      "attention_output_kernel [12,5]",
      "attention_output_bias [5]",
    ],
  );
  assert.throws(() => compile("model net {\n  input 12\n  layer attention 2 4\n}\n"), /rank 2 \(steps, features\)/);
});

test.run();
