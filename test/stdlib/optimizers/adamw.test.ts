import { test } from "uvu";
import { runOptimizerCase } from "./run-case.ts";

for (const name of ["adamw", "adamw_large_decay"]) {
  test(`conformance: ${name}`, () => runOptimizerCase(name));
}

test.run();
