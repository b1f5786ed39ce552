// The bidirectional layer: its forward against the recurrent op run on x and on x reversed by
// hand, gradients of the input and both directions' weights, and the checker's shapes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Value } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import type { RecurrentCell } from "../../../interpreter/autograd/ops/index.ts";
import { bidirectional } from "../../../stdlib/layers/bidirectional.ts";
import type { Config } from "../../../stdlib/layers/layer-spec.ts";
import { evaluate, gradcheck, randomData, type Build, type Data } from "../../interpreter/autograd/harness.ts";
import { compile } from "../../interpreter/runtime/helpers.ts";

const [B, T, F, U] = [2, 4, 3, 3];
const cells: RecurrentCell[] = ["simple_rnn", "lstm", "gru"];
const weightNames = ["kernel", "recurrent_kernel", "bias"];

const configOf = (cell: string, returnSequences: boolean, merge: string, activation = "tanh"): Config => ({
  cell,
  units: U,
  activation,
  return_sequences: returnSequences,
  use_bias: true,
  merge,
});

/** x and the layer's six weights, shaped by the layer itself. */
function inputs(config: Config, seed: number): Data[] {
  const params = bidirectional.params([T, F], config);
  assert.equal(
    params.map((p) => p.name),
    ["forward", "backward"].flatMap((d) => weightNames.map((n) => `${d}_${n}`)),
  );
  return [randomData([B, T, F], seed, -1, 1), ...params.map((p, i) => randomData(p.shape, seed + 1 + i, -0.6, 0.6))];
}

const build =
  (config: Config): Build =>
  (graph, [x, ...weights]) => {
    const names = bidirectional.params([T, F], config).map((p) => p.name);
    const byName = new Map<string, Value>(names.map((n, i) => [n, weights[i]!]));
    return bidirectional.forward!({ graph, param: (n) => byName.get(n)! }, x!, config);
  };

/** [B, T, width] with the time axis reversed, in plain loops. */
function reversed(data: ArrayLike<number>, width: number): Float32Array {
  const out = new Float32Array(B * T * width);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) for (let j = 0; j < width; j++) out[(b * T + t) * width + j] = data[(b * T + T - 1 - t) * width + j]!;
  return out;
}

/** The recurrent op alone, on `x`, with one direction's weights. */
async function rnn(cell: RecurrentCell, x: Data, weights: Data[], returnSequences: boolean): Promise<Float32Array> {
  const { y } = await evaluate(
    (g, [input, kernel, recurrentKernel, bias]) =>
      ops.recurrent(g, cell, input!, kernel!, recurrentKernel!, bias, { activation: "tanh", returnSequences }),
    [x, ...weights],
  );
  return y;
}

for (const cell of cells) {
  for (const returnSequences of [false, true]) {
    for (const merge of ["concat", "sum"]) {
      test(`bidirectional ${cell} ${returnSequences ? "return_sequences" : "last step"} merge=${merge}: forward = merge(rnn(x), reverse(rnn(reverse(x))))`, async () => {
        const config = configOf(cell, returnSequences, merge);
        const [x, ...weights] = inputs(config, 1);
        const { y } = await evaluate(build(config), [x!, ...weights]);
        const forward = await rnn(cell, x!, weights.slice(0, 3), returnSequences);
        const backwardRaw = await rnn(cell, { shape: x!.shape, data: reversed(x!.data, F) }, weights.slice(3), returnSequences);
        const backward = returnSequences ? reversed(backwardRaw, U) : backwardRaw;
        const rows = forward.length / U;
        const expected = Array.from({ length: rows }, (_, r) => {
          const [f, b] = [forward.subarray(r * U, (r + 1) * U), backward.subarray(r * U, (r + 1) * U)];
          return merge === "concat" ? [...f, ...b] : [...f].map((v, j) => v + b[j]!);
        }).flat();
        assert.is(y.length, expected.length);
        y.forEach((got, i) => assert.ok(Math.abs(got - expected[i]!) < 1e-6, `y[${i}] ${got} vs ${expected[i]}`));
      });
    }
  }
  test(`bidirectional ${cell}: gradients of x and both directions' weights match finite differences`, async () => {
    const config = configOf(cell, true, "concat");
    await gradcheck(`bidirectional ${cell}`, build(config), inputs(config, 10));
  });
}

test("bidirectional gru relu, last step, merge=sum: gradients match finite differences", async () => {
  const config = configOf("gru", false, "sum", "relu");
  await gradcheck("bidirectional gru sum", build(config), inputs(config, 20), { eps: 1e-3 });
});

test("the checker: concat doubles units, sum keeps them, return_sequences keeps steps; lstm weights get its initializers", () => {
  const model = compile(`model net {
  input 7 5
  layer bidirectional lstm 4 return_sequences=true
  layer bidirectional gru 3 relu return_sequences=true merge=sum
  layer bidirectional simple_rnn 6
  layer dense 2 softmax
}
`).checked.models.get("net")!;
  const layers = model.nodes.flatMap((node) => (node.type === "layer" ? [node] : []));
  assert.equal(
    layers.map((l) => l.outputShape),
    [[7, 8], [7, 3], [12], [2]],
  );
  assert.equal(
    layers[0]!.params.map((p) => `${p.name} [${p.shape}] ${p.initializer}`),
    [
      "forward_kernel [5,16] glorot_uniform",
      "forward_recurrent_kernel [4,16] orthogonal",
      "forward_bias [16] lstm_bias",
      "backward_kernel [5,16] glorot_uniform",
      "backward_recurrent_kernel [4,16] orthogonal",
      "backward_bias [16] lstm_bias",
    ],
  );
  assert.equal(
    layers[1]!.params.map((p) => `${p.name} [${p.shape}]`),
    [
      "forward_kernel [8,9]",
      "forward_recurrent_kernel [3,9]",
      "forward_bias [2,9]",
      "backward_kernel [8,9]",
      "backward_recurrent_kernel [3,9]",
      "backward_bias [2,9]",
    ],
  );
  const noBias = compile("model net {\n  input 7 5\n  layer bidirectional gru 2 use_bias=false\n}\n").checked.models.get("net")!.nodes[0]!;
  assert.equal(noBias.type === "layer" && noBias.params.map((p) => p.name), [
    "forward_kernel",
    "forward_recurrent_kernel",
    "backward_kernel",
    "backward_recurrent_kernel",
  ]);
  assert.throws(
    () => compile("model net {\n  input 12\n  layer bidirectional lstm 4\n}\n"),
    /`bidirectional` needs an input of rank 2 \(steps, features\)/,
  );
  assert.throws(() => compile("model net {\n  input 7 5\n  layer bidirectional conv1d 4\n}\n"), /recurrent layer/);
});

test.run();
