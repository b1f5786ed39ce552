import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import type { RecurrentCell } from "../../../interpreter/autograd/ops/index.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { RecurrentActivation } from "../../../interpreter/backends/kernel-names.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { evaluate, gradcheck, randomData, type Build, type Data } from "./harness.ts";

const gatesOf: Record<RecurrentCell, number> = { simple_rnn: 1, lstm: 4, gru: 3 };
const cells = Object.keys(gatesOf) as RecurrentCell[];

for (const cell of cells) {
  for (const mode of ["last", "sequences"]) {
    const name = `${cell}_${mode}`;
    test(`conformance ${name} through the op: y, grad_x, grad_kernel, grad_recurrent_kernel, grad_bias`, async () => {
      const ref = loadCase(name);
      const { y, grads } = await evaluate(
        (g, [x, kernel, recurrentKernel, bias]) =>
          ops.recurrent(g, cell, x!, kernel!, recurrentKernel!, bias!, {
            activation: ref.config.activation as RecurrentActivation,
            returnSequences: ref.config.return_sequences as boolean,
          }),
        [ref.inputs.x, ref.params.kernel!, ref.params.recurrent_kernel!, ref.params.bias!],
        ref.upstream!.data,
      );
      assertClose(y, ref.expected.y.data, `${name} y`);
      for (const [i, grad] of ["grad_x", "grad_kernel", "grad_recurrent_kernel", "grad_bias"].entries()) {
        assertClose(grads[i]!, ref.expected[grad].data, `${name} ${grad}`);
      }
    });
  }
}

/** x [batch, time, features] and weights for `cell`, small enough that the gates do not saturate. */
function weights(cell: RecurrentCell, units: number, seed: number, withBias = true): Data[] {
  const width = gatesOf[cell] * units;
  const data = [
    randomData([2, 4, 3], seed, -1, 1),
    randomData([3, width], seed + 1, -0.7, 0.7),
    randomData([units, width], seed + 2, -0.7, 0.7),
  ];
  return withBias ? [...data, randomData(cell === "gru" ? [2, width] : [width], seed + 3, -0.5, 0.5)] : data;
}

const build =
  (cell: RecurrentCell, activation: RecurrentActivation, returnSequences: boolean): Build =>
  (g, [x, kernel, recurrentKernel, bias]) =>
    ops.recurrent(g, cell, x!, kernel!, recurrentKernel!, bias, { activation, returnSequences });

for (const cell of cells) {
  for (const returnSequences of [false, true]) {
    test(`${cell} (tanh, ${returnSequences ? "every step" : "last step"}): gradients match finite differences`, async () => {
      await gradcheck(`${cell} tanh`, build(cell, "tanh", returnSequences), weights(cell, 3, 10));
    });
  }
  for (const activation of ["sigmoid", "relu", "linear"] as const) {
    test(`${cell} (${activation}): gradients match finite differences`, async () => {
      await gradcheck(`${cell} ${activation}`, build(cell, activation, true), weights(cell, 2, 20), { eps: 1e-3 });
    });
  }
  test(`${cell} without a bias: gradients match finite differences`, async () => {
    await gradcheck(`${cell} no bias`, build(cell, "tanh", false), weights(cell, 3, 30, false));
  });
}

test("gru_bias_sums sums each input's rows into its row of the bias and honours accumulate", async () => {
  const backend = new CpuBackend();
  const dmx = backend.alloc([2, 2, 3]);
  const dmh = backend.alloc([2, 2, 3]);
  const db = backend.alloc([2, 3]);
  backend.write(dmx, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  backend.write(dmh, [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]);
  backend.run("gru_bias_sums", [dmx, dmh], [db]);
  assert.equal([...(await backend.read(db))], [22, 26, 30, 2, 2, 2]);
  backend.run("gru_bias_sums", [dmx, dmh], [db], { accumulate: true });
  assert.equal([...(await backend.read(db))], [44, 52, 60, 4, 4, 4]);
});

test("a single time step and mismatched shapes", async () => {
  const [x, kernel, recurrentKernel, bias] = weights("lstm", 3, 40);
  const oneStep: Data = { shape: [2, 1, 3], data: Array.from(x!.data).slice(0, 6) };
  await gradcheck("lstm one step", build("lstm", "tanh", true), [oneStep, kernel!, recurrentKernel!, bias!]);
  const message = (inputs: Data[], cell: RecurrentCell) =>
    evaluate(build(cell, "tanh", false), inputs).then(
      () => "",
      (e: Error) => e.message,
    );
  assert.match(await message(weights("lstm", 3, 40), "gru"), "gru: input [2,4,3], kernel [3,12] and recurrent_kernel [3,12] do not fit");
  assert.match(await message([x!, kernel!, recurrentKernel!, randomData([2, 12], 1)], "lstm"), "lstm: bias [2,12] should be [12]");
});

test.run();
