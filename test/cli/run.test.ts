// `dl run` and `dl predict` as users run them, each in a temp directory of its own holding the
// program and its data. Every spawn starts at once, in parallel; the tests await theirs.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dl as dlIn, type DlRun } from "../helpers/dl-cli.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "test/fixtures/runtime");
const tmp = mkdtempSync(join(tmpdir(), "dl-cli-run-"));

/** A run of `dl` with the folder it ran in. */
interface Run extends DlRun {
  dir: string;
}

const dl = async (dir: string, ...args: string[]): Promise<Run> => ({ ...(await dlIn(dir, ...args)), dir });

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

writeFileSync(join(irisDir, "headerless.csv"), "5.0,3.5,1.4,0.2\n7.7,3.0,6.1,2.3\n");
writeFileSync(join(irisDir, "rows.json"), '[{"x": [5.0, 3.5, 1.4, 0.2]}, {"x": [7.7, 3.0, 6.1, 2.3], "y": "virginica"}]');
writeFileSync(join(irisDir, "narrow.csv"), "a,b\n1,2\n");

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
    training: await dl(irisDir, "predict", "iris.safetensors", "data/iris.csv"),
    headerless: await dl(irisDir, "predict", "iris.safetensors", "headerless.csv"),
    json: await dl(irisDir, "predict", "iris.safetensors", "rows.json"),
    narrow: await dl(irisDir, "predict", "iris.safetensors", "narrow.csv"),
  })),
  overrides: dl(
    workspace("overrides", diverging.replace("lr=1e30", "lr=0.1").replace("epochs 5", "epochs 30")),
    "run",
    "prog.dl",
    "--seed",
    "7",
    "--batch",
    "2",
    "--log-every",
    "10",
  ),
  quiet: dl(workspace("quiet", diverging.replace("lr=1e30", "lr=0.1")), "run", "prog.dl", "--quiet"),
  resumeWithoutCheckpoint: dl(workspace("resume-without-checkpoint", diverging.replace("lr=1e30", "lr=0.1")), "run", "prog.dl", "--resume"),
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
  const [header, ...rows] = predict.stdout.trimEnd().split("\n");
  assert.is(header, "class\tsetosa,versicolor,virginica");
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

test("dl predict on the training CSV leaves out its label column (saved as `label=species`) and says so; every row predicts", async () => {
  const { training } = await runs.iris;
  assert.is(training.code, 0, training.stderr);
  assert.is(training.stderr, 'note: data/iris.csv: column "species" holds the labels the model was trained on; it is left out\n');
  const lines = training.stdout.trimEnd().split("\n");
  assert.is(lines[0], "class\tsetosa,versicolor,virginica");
  assert.is(lines.length, 1 + 150);
});

test("dl predict on a CSV without a header row keeps its first row and says so", async () => {
  const { headerless, predict } = await runs.iris;
  assert.is(headerless.code, 0, headerless.stderr);
  assert.is(headerless.stderr, "note: headerless.csv has no header row: its first row is read as data\n");
  assert.equal(headerless.stdout.trimEnd().split("\n"), predict.stdout.trimEnd().split("\n").slice(0, 3));
});

test("dl predict reads JSON in the layout `source json` reads, labels optional", async () => {
  const { json, predict } = await runs.iris;
  assert.is(json.code, 0, json.stderr);
  assert.is(json.stderr, "");
  assert.equal(json.stdout.trimEnd().split("\n"), predict.stdout.trimEnd().split("\n").slice(0, 3));
});

test("dl predict with too few columns: DL301 naming the model's input width, not the model's `input` line", async () => {
  const { narrow } = await runs.iris;
  assert.is(narrow.code, 1);
  assert.is(
    narrow.stderr,
    "error[DL301]: narrow.csv: examples have 2 values, but model `iris_net` takes 4\n" +
      "  = hint: give each example the 4 input values the model was trained on\n",
  );
  assert.is(narrow.stdout, "");
});

test("--seed, --batch and --log-every are stated in the header; every 10th epoch prints, and the last", async () => {
  const run = await runs.overrides;
  assert.is(run.code, 0, run.stderr);
  const lines = run.stdout.split("\n");
  assert.match(
    lines[0]!,
    /^Training m on corners: 4 examples, 30 epochs of batch 2 \(--batch\), seed 7 \(--seed\), logging every 10 epochs, on cpu/,
  );
  assert.equal(
    lines.filter((l) => l.startsWith("Epoch ")).map((l) => l.split(" - ")[0]),
    ["Epoch 1/30", "Epoch 10/30", "Epoch 20/30", "Epoch 30/30"],
  );
});

test("--quiet: the header, then no epoch lines", async () => {
  const run = await runs.quiet;
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Training m on corners: 4 examples, 5 epochs of batch 32, quiet, on cpu/);
  assert.not.match(run.stdout, "Epoch ");
  assert.match(run.stdout, `Saved m to ${join(run.dir, "m.safetensors")}`);
});

test("--resume on a program without a `checkpoint` setting: a one-line error with a hint, exit 1, nothing trained or saved", async () => {
  const run = await runs.resumeWithoutCheckpoint;
  assert.is(run.code, 1);
  assert.is(
    run.stderr,
    "error: --resume continues from checkpoints, and no `train` in prog.dl has a `checkpoint` setting\n" +
      '  = hint: add `checkpoint "DIR"` to the `train` block, or leave out --resume\n',
  );
  assert.is(run.stdout, "");
  assert.equal(readdirSync(run.dir), ["prog.dl"]);
});

test.run();
