// `dl run --report`: a report that cannot be written is refused before training, so a long run is
// never lost to a typo in the path; the option belongs to the built-in engine, as --threads
// belongs to its cpu backend.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dl } from "../helpers/dl-cli.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "dl-report-option-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
copyFileSync(join(root, "examples/xor.dl"), join(tmp, "xor.dl"));

test("a report into a missing folder: DL305 before any training, nothing written", async () => {
  const run = await dl(tmp, "run", "xor.dl", "--report", "missing/r.html");
  assert.is(run.code, 1);
  assert.is(
    run.stderr,
    "error[DL305]: cannot write missing/r.html: its folder does not exist\n  = hint: create the folder first, or name another\n",
  );
  assert.is(run.stdout, "");
  assert.equal(readdirSync(tmp), ["xor.dl"]);
});

test("--report with --engine pytorch: refused, it is the built-in engine's", async () => {
  const run = await dl(tmp, "run", "xor.dl", "--engine", "pytorch", "--report", "r.html");
  assert.is(run.code, 1);
  assert.match(run.stderr, "--log-every, --quiet, --resume, --report and --threads are options of the built-in engine");
});

test("--threads outside the cpu backend of the built-in engine: refused, not ignored", async () => {
  const pytorch = await dl(tmp, "run", "xor.dl", "--engine", "pytorch", "--threads", "2");
  assert.is(pytorch.code, 1);
  assert.match(pytorch.stderr, "--log-every, --quiet, --resume, --report and --threads are options of the built-in engine");
  const webgl = await dl(tmp, "run", "xor.dl", "--backend", "webgl", "--threads", "2");
  assert.is(webgl.code, 1);
  assert.is(
    webgl.stderr,
    "error: --threads is an option of the cpu backend, not of webgl\n  = hint: leave out --threads, or use --backend cpu\n",
  );
  assert.equal(readdirSync(tmp), ["xor.dl"]);
});

test.run();
