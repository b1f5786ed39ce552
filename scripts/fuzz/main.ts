// `npm run fuzz [-- --seed N --count N]`: the front end and the file readers against generated
// input (see scripts/fuzz/run.ts); prints what broke and exits 1 if anything did.
import { parseArgs } from "node:util";
import { runFuzz } from "./run.ts";

const { values } = parseArgs({ options: { seed: { type: "string", default: "1" }, count: { type: "string", default: "100000" } } });
const seed = Number(values.seed);
const count = Number(values.count);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error("usage: npm run fuzz -- [--seed N] [--count N]   (whole numbers; count ≥ 1)");
  process.exit(2);
}

const report = await runFuzz({ seed, count });
for (const family of report.families) {
  console.log(`${family.name}: ${family.inputs} inputs${family.failure ? `, FAILED (${family.failure.kind})` : ""}`);
  if (family.failure) console.log(`  ${family.failure.message}\n  input: ${family.failure.input}`);
}
const { crash, hang, fmt, span, schema, other } = report.counts;
console.log(
  `fuzz: seed ${seed}, ${report.inputs} inputs, ${crash} crashes, ${hang} hangs, ${fmt} fmt round-trip failures, ` +
    `${span} bad spans, ${schema} schema mismatches, ${other} other; peak memory ${(report.peakRssBytes / 1024 ** 2).toFixed(0)} MB, ` +
    `${report.seconds.toFixed(1)} s`,
);
process.exitCode = crash + hang + fmt + span + schema + other > 0 ? 1 : 0;
