import { test } from "uvu";
import * as assert from "uvu/assert";
import { loss, losses } from "../../../stdlib/losses/index.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { evaluate, gradcheck, randomData, type Data } from "../../interpreter/autograd/harness.ts";
import { defaults } from "../../../stdlib/spec.ts";

const cases = [
  "mean_squared_error",
  "mean_absolute_error",
  "huber",
  "binary_crossentropy",
  "binary_crossentropy_logits",
  "categorical_crossentropy",
  "categorical_crossentropy_logits",
  "sparse_categorical_crossentropy",
  "sparse_categorical_crossentropy_logits",
];

for (const name of cases) {
  test(`conformance ${name}: loss and grad_y_pred`, async () => {
    const ref = loadCase(name);
    const entry = loss(ref.op);
    const options = Object.fromEntries(Object.entries(ref.config).filter(([key]) => key in defaults(entry))) as Record<
      string,
      number | boolean
    >;
    const { y, grads } = await evaluate(
      (g, [yPred, yTrue]) => entry.apply(g, yPred!, yTrue!, options),
      [ref.inputs.y_pred, ref.inputs.y_true],
      undefined,
      [0],
    );
    assertClose(y, ref.expected.loss.data, `${name} loss`);
    assertClose(grads[0]!, ref.expected.grad_y_pred.data, `${name} grad_y_pred`);
  });
}

function probabilities(rows: number, classes: number, seed: number): Data {
  return randomData([rows, classes], seed, 0.05, 0.95);
}

const labels: Data = { shape: [3], data: [2, 0, 3] };
const oneHot: Data = { shape: [3, 4], data: [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1] };
const soft: Data = { shape: [3, 4], data: [0.1, 0.2, 0.7, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 0.25, 0.25] };

const fdCases: [string, Record<string, number | boolean>, Data, Data][] = [
  ["mean_squared_error", {}, randomData([3, 4], 31), randomData([3, 4], 32)],
  ["mean_absolute_error", {}, randomData([3, 4], 33), randomData([3, 4], 34)],
  ["huber", { delta: 0.7 }, randomData([3, 4], 35), randomData([3, 4], 36)],
  ["binary_crossentropy", {}, probabilities(3, 4, 37), randomData([3, 4], 38, 0, 1)],
  ["binary_crossentropy", { from_logits: true }, randomData([3, 4], 39), randomData([3, 4], 40, 0, 1)],
  ["categorical_crossentropy", {}, probabilities(3, 4, 41), soft],
  ["categorical_crossentropy", { from_logits: true }, randomData([3, 4], 42), soft],
  ["categorical_crossentropy", { from_logits: true }, randomData([3, 4], 43), oneHot],
  ["sparse_categorical_crossentropy", {}, probabilities(3, 4, 44), labels],
  ["sparse_categorical_crossentropy", { from_logits: true }, randomData([3, 4], 45), labels],
];

for (const [name, options, yPred, yTrue] of fdCases) {
  test(`${name} ${JSON.stringify(options)}: gradient matches finite differences`, async () => {
    // These seeds keep every |e| at least 1e-3 away from the kinks of mae and huber.
    await gradcheck(name, (g, [p, t]) => loss(name).apply(g, p!, t!, options), [yPred, yTrue], { eps: 1e-3, wrt: [0] });
  });
}

test("sparse labels are checked and the registry refuses unknown names", async () => {
  const bad: Data = { shape: [3], data: [0, 4, 1] };
  const run = evaluate(
    (g, [p, t]) => loss("sparse_categorical_crossentropy").apply(g, p!, t!),
    [probabilities(3, 4, 1), bad],
    undefined,
    [0],
  );
  const error = await run.then(
    () => null,
    (e: Error) => e,
  );
  assert.match(error?.message ?? "no error", /label 4 is not a class index/);
  assert.is(losses.size, 6);
  assert.throws(() => loss("hinge"), /unknown loss "hinge"/);
});

test.run();
