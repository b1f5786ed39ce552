// Runs the uvu suites through tsx and ends with a plain "N passed, N failed" line that CI reads.
import { spawnSync } from "node:child_process";

const dir = process.argv[2] ?? "test";
const run = spawnSync(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", dir, "\\.test\\.ts$", "--no-color"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(run.stdout ?? "");
const count = (label) => Number((run.stdout ?? "").match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
const total = count("Total");
const passed = count("Passed");
const skipped = count("Skipped");
// uvu's Total leaves skipped tests out.
console.log(`tests: ${passed} passed, ${total - passed} failed, ${skipped} skipped`);
process.exit(run.status ?? 1);
