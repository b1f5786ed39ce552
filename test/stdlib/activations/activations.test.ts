import { test } from "uvu";
import * as assert from "uvu/assert";
import { activation, activations } from "../../../stdlib/activations/index.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { evaluate, gradcheck, randomData } from "../../interpreter/autograd/harness.ts";
import { defaults } from "../../../stdlib/spec.ts";

const cases = ["linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "softplus"];

for (const name of cases) {
  test(`conformance ${name}: y and grad_x`, async () => {
    const ref = loadCase(name);
    const entry = activation(ref.op);
    const options = Object.fromEntries(Object.entries(ref.config).filter(([key]) => key in defaults(entry))) as Record<
      string,
      number | boolean
    >;
    const { y, grads } = await evaluate((g, [x]) => entry.apply(g, x!, options), [ref.inputs.x], ref.upstream!.data);
    assertClose(y, ref.expected.y.data, `${name} y`);
    assertClose(grads[0]!, ref.expected.grad_x.data, `${name} grad_x`);
  });
}

for (const entry of activations.values()) {
  if (entry.name === "linear") continue; // adds no op, so there is no gradient to check
  test(`${entry.name}: gradient matches finite differences (non-default options too)`, async () => {
    const x = randomData([3, 5], 21, -3, 3, 0.05);
    await gradcheck(entry.name, (g, [v]) => entry.apply(g, v!), [x]);
    if ("negative_slope" in defaults(entry)) await gradcheck(entry.name, (g, [v]) => entry.apply(g, v!, { negative_slope: 0.05 }), [x]);
    if ("alpha" in defaults(entry)) await gradcheck(entry.name, (g, [v]) => entry.apply(g, v!, { alpha: 0.5 }), [x]);
    if ("approximate" in defaults(entry)) await gradcheck(entry.name, (g, [v]) => entry.apply(g, v!, { approximate: true }), [x]);
  });
}

test("registry: every entry has Keras defaults and unknown names are refused", () => {
  assert.equal(defaults(activation("leaky_relu")), { negative_slope: 0.2 });
  assert.equal(defaults(activation("elu")), { alpha: 1 });
  assert.equal(defaults(activation("gelu")), { approximate: false });
  assert.is(activations.size, 11);
  assert.throws(() => activation("swish2"), /unknown activation "swish2"/);
});

test.run();
