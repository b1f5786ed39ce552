import { test } from "uvu";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { assertClose } from "../../helpers/conformance.ts";
import { runOptimizerCase } from "./run-case.ts";

test("conformance: rmsprop", () => runOptimizerCase("rmsprop"));

test("centered rmsprop with momentum matches the Keras formula", async () => {
  const backend = new CpuBackend();
  const w = backend.alloc([1]);
  backend.write(w, [1]);
  const g = backend.alloc([1]);
  const opt = createOptimizer(backend, "rmsprop", { learning_rate: 0.1, momentum: 0.5, centered: true }, [w]);
  // Values worked out in float64 from v = rho*v + (1-rho)g², a = rho*a + (1-rho)g,
  // s = momentum*s + lr*g/sqrt(v - a² + eps), w -= s.
  backend.write(g, [0.5]);
  opt.step([g]);
  assertClose(await backend.read(w), [0.6666674074049382], "w after step 1");
  backend.write(g, [-0.25]);
  opt.step([g]);
  assertClose(await backend.read(w), [0.6484793169704387], "w after step 2");
  assertClose(await backend.read(opt.slots.velocity![0]!), [0.02875], "velocity");
  assertClose(await backend.read(opt.slots.average_gradient![0]!), [0.02], "average gradient");
  assertClose(await backend.read(opt.slots.momentum![0]!), [0.018188090434499565], "momentum");
});

test.run();
