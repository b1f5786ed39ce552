import { test } from "uvu";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { activation } from "../../../stdlib/activations/index.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { evaluate } from "./harness.ts";

for (const name of ["dense_basic", "dense_relu", "dense_3d"]) {
  test(`conformance ${name}: y, grad_x, grad_kernel, grad_bias`, async () => {
    const ref = loadCase(name);
    const act = activation(ref.config.activation as string);
    const { y, grads } = await evaluate(
      (g, [x, kernel, bias]) => act.apply(g, ops.dense(g, x!, kernel!, bias!)),
      [ref.inputs.x, ref.params.kernel!, ref.params.bias!],
      ref.upstream!.data,
    );
    assertClose(y, ref.expected.y.data, `${name} y`);
    assertClose(grads[0]!, ref.expected.grad_x.data, `${name} grad_x`);
    assertClose(grads[1]!, ref.expected.grad_kernel.data, `${name} grad_kernel`);
    assertClose(grads[2]!, ref.expected.grad_bias.data, `${name} grad_bias`);
  });
}

test("conformance flatten: y and grad_x", async () => {
  const ref = loadCase("flatten");
  const { y, grads } = await evaluate((g, [x]) => ops.flatten(g, x!), [ref.inputs.x], ref.upstream!.data);
  assertClose(y, ref.expected.y.data, "flatten y");
  assertClose(grads[0]!, ref.expected.grad_x.data, "flatten grad_x");
});

test.run();
