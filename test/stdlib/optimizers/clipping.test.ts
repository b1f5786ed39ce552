import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { assertClose } from "../../helpers/conformance.ts";
import { runOptimizerCase } from "./run-case.ts";

test("conformance: sgd_clipnorm", () => runOptimizerCase("sgd_clipnorm"));
test("conformance: sgd_global_clipnorm", () => runOptimizerCase("sgd_global_clipnorm"));

/** Two parameters (zeros) with gradients [3, 4] (norm 5) and [12] (norm 12; global norm 13). */
function setup(options: Record<string, number>) {
  const backend = new CpuBackend();
  const params = [backend.alloc([2]), backend.alloc([1])];
  const grads = [backend.alloc([2]), backend.alloc([1])];
  backend.write(grads[0]!, [3, 4]);
  backend.write(grads[1]!, [12]);
  const opt = createOptimizer(backend, "sgd", { learning_rate: 1, ...options }, params);
  return { backend, params, grads, opt };
}

test("clipnorm scales each gradient to the limit on its own", async () => {
  const { backend, params, grads, opt } = setup({ clipnorm: 1 });
  opt.step(grads);
  assertClose(await backend.read(grads[0]!), [0.6, 0.8], "grad 0");
  assertClose(await backend.read(grads[1]!), [1], "grad 1");
  assertClose(await backend.read(params[0]!), [-0.6, -0.8], "param 0");
});

test("global_clipnorm scales all gradients by one factor", async () => {
  const { backend, grads, opt } = setup({ global_clipnorm: 1 });
  opt.step(grads);
  assertClose(await backend.read(grads[0]!), [3 / 13, 4 / 13], "grad 0");
  assertClose(await backend.read(grads[1]!), [12 / 13], "grad 1");
});

test("a norm under the limit leaves gradients unchanged", async () => {
  const { backend, grads, opt } = setup({ global_clipnorm: 20 });
  opt.step(grads);
  assertClose(await backend.read(grads[0]!), [3, 4], "grad 0");
});

test("clipvalue clamps each element", async () => {
  const { backend, grads, opt } = setup({ clipvalue: 3.5 });
  opt.step(grads);
  assertClose(await backend.read(grads[0]!), [3, 3.5], "grad 0");
  assertClose(await backend.read(grads[1]!), [3.5], "grad 1");
});

test("only one clipping option may be set", () => {
  assert.throws(() => setup({ clipnorm: 1, clipvalue: 1 }), /only one of/);
});

test.run();
