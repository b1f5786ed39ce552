// `dl check` and `dl run` on the inputs of issue 16: absurd sizes and front-end bombs end in
// one located error and exit 1, never a stack trace; --max-memory moves the limit.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dl, type DlRun } from "../helpers/dl-cli.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

function assertNoStackTrace(run: DlRun): void {
  assert.not.match(run.stderr, /^\s+at .+:\d+:\d+\)?$/m, run.stderr);
  assert.not.match(run.stderr, /RangeError|TypeError|node:internal/, run.stderr);
}

const tmp = mkdtempSync(join(tmpdir(), "dl-limits-"));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

const dense = file("dense.dl", "model m {\n  input 4\n  layer dense 1e9\n}\n");
const chain = file(
  "chain.dl",
  Array.from({ length: 1000 }, (_, i) => (i === 0 ? "block b0(n) {\n  layer dense n\n}\n" : `block b${i}(n) {\n  b${i - 1} n\n}\n`)).join(
    "",
  ) + "model m {\n  input 4\n  b999 4\n}\n",
);
const minus = file("minus.dl", `let a = ${"-".repeat(2000)}1\n`);
const plus = file("plus.dl", `let b = ${Array(2000).fill("1").join("+")}\n`);
const repeat = file("repeat.dl", "model m {\n  input 4\n  repeat 1e6 {\n    layer dense 4\n  }\n}\n");
const lr = file(
  "lr.dl",
  "model m {\n  input 2\n  layer dense 2 softmax\n}\ndata d {\n  source spirals\n}\ntrain m on d {\n  optimizer adam lr=1e400\n  loss sparse_categorical_crossentropy\n}\n",
);

const runs = {
  check: dl(root, "check", dense),
  run: dl(root, "run", dense),
  raised: dl(root, "check", "--max-memory", "400GB", dense),
  badSize: dl(root, "check", "--max-memory", "lots", dense),
  chain: dl(root, "check", chain),
  minus: dl(root, "check", minus),
  plus: dl(root, "check", plus),
  repeat: dl(root, "check", repeat),
  lr: dl(root, "check", lr),
};

test("`layer dense 1e9`: dl check and dl run refuse it with the estimate and the limit, exit 1", async () => {
  for (const run of [await runs.check, await runs.run]) {
    assert.is(run.code, 1, run.stderr);
    assertNoStackTrace(run);
    assert.match(
      run.stderr,
      /dense\.dl:1:7: error\[DL403\]: model `m` needs about 313 GB to train with batch 32; the limit is [\d.,]+ [KMGT]B\n/,
    );
    assert.is(run.stdout, "", "no summary");
  }
});

test("--max-memory raises the limit (the summary prints, without ∞) or is refused when it is not a size", async () => {
  const raised = await runs.raised;
  assert.is(raised.code, 0, raised.stderr);
  assert.match(raised.stdout, /Total params: 5,000,000,000\n/);
  const bad = await runs.badSize;
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /expected a size such as 8GB, 512MB or a number of bytes/);
  assertNoStackTrace(bad);
});

test("front-end bombs: one located error each, exit 1, no RangeError", async () => {
  const expected: [keyof typeof runs, RegExp][] = [
    ["chain", /chain\.dl:2906:3: error\[DL402\]: blocks nest deeper than 32/],
    ["minus", /minus\.dl:1:41: error\[DL002\]: an expression nests more than 32 levels deep/],
    ["plus", /plus\.dl:1:9: error\[DL002\]: an expression nests more than 256 levels deep/],
    ["repeat", /repeat\.dl:3:10: error\[DL402\]: `repeat` may repeat at most 10,000 times, not 1000000/],
    ["lr", /lr\.dl:9:21: error\[DL401\]: the number 1e400 is too large to represent/],
  ];
  for (const [name, message] of expected) {
    const run = await runs[name];
    assert.is(run.code, 1, `${name}: ${run.stderr}`);
    assertNoStackTrace(run);
    assert.match(run.stderr, message);
    assert.is(run.stderr.match(/error\[DL\d+\]/g)?.length, 1, `${name}: exactly one error`);
    assert.match(run.stderr, /: 1 error\n/);
  }
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
