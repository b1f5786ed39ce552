// A seeded slice of `npm run fuzz`: the same families and invariants, a few thousand inputs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runFuzz } from "../../scripts/fuzz/run.ts";

test("2,000 generated inputs (seed 1): no crash, hang, fmt round-trip failure, bad span or schema mismatch", async () => {
  const report = await runFuzz({ seed: 1, count: 2000 });
  const failures = report.families.filter((f) => f.failure).map((f) => `${f.name}: ${f.failure!.message}\ninput: ${f.failure!.input}`);
  assert.equal(failures, []);
  assert.equal(report.counts, { crash: 0, hang: 0, fmt: 0, span: 0, schema: 0, other: 0 });
  assert.is(report.inputs, 2000);
});

test.run();
