// `dl run` and `dl predict` as users run them, each in a temp directory of its own holding the
// program and its data. Every spawn starts at once, in parallel; the tests await theirs.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "test/fixtures/runtime");
const tmp = mkdtempSync(join(tmpdir(), "dl-cli-run-"));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  dir: string;
}

function dl(dir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bin/dl.js"), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, dir }));
  });
}

/** A fresh directory holding `prog.dl` with `source`, and the given fixture files. */
function workspace(name: string, source: string, files: string[] = []): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "prog.dl"), source);
  for (const file of files) copyFileSync(join(fixtures, file), join(dir, file));
  return dir;
}

/** Node prints `    at file:line:column` lines for an uncaught error. */
function assertNoStackTrace(run: Run): void {
  assert.not.match(run.stderr, /^\s+at .+:\d+:\d+\)?$/m, run.stderr);
  assert.not.match(run.stderr, /TypeError|ReferenceError|node:internal|Error:/, run.stderr);
}

function assertNothingSaved(run: Run): void {
  assert.equal(
    readdirSync(run.dir).filter((f) => f.endsWith(".safetensors")),
    [],
  );
}

const csvProgram = (sourceLine: string) => `model m {
  input 2
  layer dense 2 softmax
}

data points {
  ${sourceLine}
}

train m on points {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  epochs 2
}

save m "m.safetensors"
`;

const diverging = `model m {
  input 2
  layer dense 8 relu
  layer dense 1
}

data corners {
  source xor
}

train m on corners {
  optimizer sgd lr=1e30
  loss mean_squared_error
  epochs 5
}

save m "m.safetensors"
`;

const iris = readFileSync(join(root, "examples/iris.dl"), "utf8");
const irisDir = workspace("iris", iris);
mkdirSync(join(irisDir, "data"));
copyFileSync(join(root, "examples/data/iris.csv"), join(irisDir, "data/iris.csv"));
// Obvious flowers: a small-petalled setosa, a large virginica, a mid-sized versicolor (header order as in the CSV).
writeFileSync(
  join(irisDir, "rows.csv"),
  "sepal_length,sepal_width,petal_length,petal_width\n5.0,3.5,1.4,0.2\n7.7,3.0,6.1,2.3\n5.9,2.9,4.3,1.3\n4.8,3.1,1.6,0.2\n",
);

const runs = {
  ragged: dl(workspace("ragged", csvProgram('source csv "ragged.csv" label=kind'), ["ragged.csv"]), "run", "prog.dl"),
  textValue: dl(workspace("text-value", csvProgram('source csv "text-value.csv" label=kind'), ["text-value.csv"]), "run", "prog.dl"),
  missing: dl(workspace("missing", csvProgram('source csv "no-such.csv" label=kind')), "run", "prog.dl"),
  noLabel: dl(workspace("no-label", csvProgram('source csv "pets-small.csv" label=specie'), ["pets-small.csv"]), "run", "prog.dl"),
  diverging: dl(workspace("diverging", diverging), "run", "prog.dl"),
  // Trains the iris example for 60 epochs (--epochs), then predicts from the saved weights.
  iris: dl(irisDir, "run", "prog.dl", "--epochs", "60").then(async (run) => ({
    run,
    predict: await dl(irisDir, "predict", "iris.safetensors", "rows.csv"),
  })),
};
const settled = Promise.allSettled(Object.values(runs));
test.after(async () => {
  await settled;
  rmSync(tmp, { recursive: true, force: true });
});

/** The caret block of the diagnostic points at `line` (1-based) of prog.dl, whose text is `text`. */
function assertPointsAt(run: Run, line: number, text: string): void {
  const lines = run.stderr.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`${line} | `));
  assert.ok(at > 0, run.stderr);
  assert.is(lines[at], `${line} | ${text}`);
  const indent = text.length - text.trimStart().length;
  assert.match(lines[at + 1]!, new RegExp(`^ +\\| {${indent + 1}}\\^{${text.trim().length}}`), run.stderr);
}

test("a CSV row with too few columns: DL301 naming ragged.csv:4, caret on the `source` line, exit 1, nothing saved", async () => {
  const run = await runs.ragged;
  assert.is(run.code, 1, run.stderr);
  assert.ok(run.stderr.startsWith("prog.dl:7:3: error[DL301]: ragged.csv:4: expected 3 columns, found 2\n"), run.stderr);
  assertPointsAt(run, 7, '  source csv "ragged.csv" label=kind');
  assert.match(run.stderr, "prog.dl: 1 error");
  assertNoStackTrace(run);
  assertNothingSaved(run);
});

test("a non-numeric feature: DL301 naming text-value.csv:4, the column and the value", async () => {
  const run = await runs.textValue;
  assert.is(run.code, 1, run.stderr);
  assert.ok(run.stderr.startsWith('prog.dl:7:3: error[DL301]: text-value.csv:4: column "b": expected a number, found "six"\n'), run.stderr);
  assertPointsAt(run, 7, '  source csv "text-value.csv" label=kind');
  assertNoStackTrace(run);
  assertNothingSaved(run);
});

test("a missing CSV file: DL301 `file not found` on the `source` line", async () => {
  const run = await runs.missing;
  assert.is(run.code, 1, run.stderr);
  assert.ok(run.stderr.startsWith("prog.dl:7:3: error[DL301]: no-such.csv: file not found\n"), run.stderr);
  assertPointsAt(run, 7, '  source csv "no-such.csv" label=kind');
  assertNoStackTrace(run);
  assertNothingSaved(run);
});

test("a label column that does not exist: DL301 with did-you-mean and the list of columns", async () => {
  const run = await runs.noLabel;
  assert.is(run.code, 1, run.stderr);
  assert.ok(
    run.stderr.startsWith('prog.dl:7:3: error[DL301]: pets-small.csv:1: no column "specie" (did you mean "species"?)\n'),
    run.stderr,
  );
  assertPointsAt(run, 7, '  source csv "pets-small.csv" label=specie');
  assert.match(run.stderr, "= hint: columns: width, height, species");
  assertNoStackTrace(run);
  assertNothingSaved(run);
});

test("a diverging run: DL303 on the `train` line naming epoch and step, exit 1, no stack trace, nothing saved", async () => {
  const run = await runs.diverging;
  assert.is(run.code, 1, run.stderr);
  assert.ok(
    run.stderr.startsWith("prog.dl:11:1: error[DL303]: training diverged: the loss became Infinity at epoch 2, step 1\n"),
    run.stderr,
  );
  assertPointsAt(run, 11, "train m on corners {");
  assert.match(run.stderr, "= hint: lower the learning rate");
  assert.not.match(run.stdout, "Done in");
  assertNoStackTrace(run);
  assertNothingSaved(run);
});

test("dl run iris.dl --epochs 60, then dl predict: the saved model names the obvious flowers", async () => {
  const { run, predict } = await runs.iris;
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, "Epoch 60/60");
  assert.not.match(run.stdout, "Epoch 61");
  assert.not.match(run.stdout, "/100");
  assert.match(run.stdout, `Saved iris_net to ${join(irisDir, "iris.safetensors")}`);
  assert.is(predict.code, 0, predict.stderr);
  assert.is(predict.stderr, "");
  const rows = predict.stdout.trimEnd().split("\n");
  assert.equal(
    rows.map((r) => r.split("\t")[0]),
    ["setosa", "virginica", "versicolor", "setosa"],
    predict.stdout,
  );
  for (const row of rows) {
    const probabilities = row.split("\t")[1]!.split(",").map(Number);
    assert.is(probabilities.length, 3);
    assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 2e-3, row);
    assert.ok(Math.max(...probabilities) > 0.5, row);
  }
});

test.run();
