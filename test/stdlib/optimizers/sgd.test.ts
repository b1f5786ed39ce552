import { test } from "uvu";
import { runOptimizerCase } from "./run-case.ts";

for (const name of ["sgd", "sgd_momentum", "sgd_nesterov", "sgd_momentum_exponential_decay"]) {
  test(`conformance: ${name}`, () => runOptimizerCase(name));
}

test.run();
