import { test } from "uvu";
import { runOptimizerCase } from "./run-case.ts";

test("conformance: adagrad", () => runOptimizerCase("adagrad"));

test.run();
