import { test } from "uvu";
import { runOptimizerCase } from "./run-case.ts";

test("conformance: adam", () => runOptimizerCase("adam"));

test.run();
