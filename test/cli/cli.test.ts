// The `dl` command as users run it. Each spawn costs a second or two, so every run starts
// at once, in parallel, and the tests below await the one they check.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../../grammar/parse.ts";
import { validateAst } from "../../grammar/validate-ast.ts";
import { backendNames } from "../../interpreter/backends/registry.ts";
import { dl, type DlRun } from "../helpers/dl-cli.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Node prints `    at file:line:column` lines for an uncaught error. */
function assertNoStackTrace(run: DlRun): void {
  assert.not.match(run.stderr, /^\s+at .+:\d+:\d+\)?$/m, run.stderr);
  assert.not.match(run.stderr, /TypeError|ReferenceError|node:internal/, run.stderr);
}

const tmp = mkdtempSync(join(tmpdir(), "dl-cli-"));
const latin1 = join(tmp, "latin1.dl");
// "let b = 2 # été" saved as Latin-1: 0xe9 is not UTF-8.
writeFileSync(latin1, Buffer.concat([Buffer.from("let a = 1\nlet b = 2 # "), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from("\n")]));
const three = "test/fixtures/dl/three-mistakes.dl";
const every = "test/fixtures/dl/every-mistake.dl";
const dead = join(tmp, "dead.dl");
writeFileSync(dead, "model m {\n  input 4 as x\n  layer dense 8 relu as h\n  layer dense 3 softmax from x\n}\n");
// The DL305 example of docs/diagnostics.md and the output it shows, checked by `dl check` itself.
const [, saveExample, saveOutput] = /## DL305[\s\S]*?```dl runtime\n([\s\S]*?)```\n\n```text\n([\s\S]*?)```/.exec(
  readFileSync(join(root, "docs/diagnostics.md"), "utf8"),
)!;
const saveFile = join(tmp, "example.dl");
writeFileSync(saveFile, saveExample!);
const slips = join(tmp, "slips.dl");
writeFileSync(slips, "model m\n{\n  input 4\n  layer dense(16, activation=\"relu\")\n}\n\ndata d {\n  source csv 'iris.csv'\n}\n");
const commentsOnly = join(tmp, "comments.dl");
writeFileSync(commentsOnly, "# a model, some day\n");
const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".dl"))
  .map((f) => `examples/${f}`);

const runs = {
  mlp: dl(root, "check", "examples/mnist_mlp.dl"),
  // One run, three files: each is reported on its own, and the good one still gets its summary.
  mistakes: dl(root, "check", three, latin1, "examples/xor.dl"),
  json: dl(root, "check", "--format", "json", three, "examples/xor.dl"),
  ast: dl(root, "ast", "examples/xor.dl"),
  fmt: dl(root, "fmt", "--check", ...examples),
  missing: dl(root, "check", "examples/no-such-file.dl"),
  unknownCommand: dl(root, "frob", "examples/xor.dl"),
  unknownOption: dl(root, "check", "--bogus", "examples/xor.dl"),
  parity: dl(root, "check", "--backends", "cpu,cpu", "examples/mnist_mlp.dl"),
  unknownBackend: dl(root, "check", "--backends", "cpu,tpu", "examples/xor.dl"),
  every: dl(root, "check", every),
  everyJson: dl(root, "check", "--format", "json", every),
  dead: dl(root, "check", dead),
  deadStrict: dl(root, "check", "--strict", dead),
  strictClean: dl(root, "check", "--strict", "examples/xor.dl"),
  save: dl(root, "check", saveFile),
  version: dl(root, "--version"),
  slipsCheck: dl(root, "check", slips),
  slipsFmt: dl(root, "fmt", slips),
  commentsOnly: dl(root, "check", commentsOnly),
};
const settled = Promise.all(Object.values(runs)).finally(() => rmSync(tmp, { recursive: true, force: true }));

test("check examples/mnist_mlp.dl: exit 0, the summary with 109,386 params, nothing on stderr", async () => {
  const run = await runs.mlp;
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stderr, "");
  assert.ok(run.stdout.startsWith('Model: "mnist_mlp"\n'), run.stdout);
  assert.ok(run.stdout.includes("\nTotal params: 109,386\n"), run.stdout);
  assert.ok(run.stdout.includes(" dense (Dense, relu)         (None, 128)            100,480\n"), run.stdout);
});

const threeReport = [
  `${three}:4:1: error[DL002]: \`modle\` does not start a statement`,
  "  |",
  "4 | modle sketch {",
  "  | ^^^^^ expected a keyword",
  "  = hint: did you mean `model`?",
  "",
  `${three}:11:27: error[DL105]: layer \`dense\` has no option \`kernel_int\``,
  "   |",
  "11 |   layer dense hidden relu kernel_int=he_normal",
  "   |                           ^^^^^^^^^^ unknown option",
  "   = hint: did you mean `kernel_init`?",
  "",
  `${three}:12:9: error[DL201]: \`conv2d\` needs an input of rank 3 (height, width, channels), but got shape (128)`,
  "   |",
  "12 |   layer conv2d 32 relu",
  "   |         ^^^^^^ input here is (128)",
  "   = hint: reshape to (height, width, channels) first",
  "",
  `${three}: 3 errors`,
  "",
].join("\n");

test("three independent mistakes (the acceptance case): all reported with line:column and carets, exit 1", async () => {
  const run = await runs.mistakes;
  assert.is(run.code, 1);
  assertNoStackTrace(run);
  assert.ok(run.stderr.startsWith(threeReport), run.stderr);
});

test("check --format json: parseable, with code, line and column; exit 1 when any file has errors", async () => {
  const run = await runs.json;
  assert.is(run.code, 1);
  assert.is(run.stderr, "");
  const diagnostics = JSON.parse(run.stdout) as {
    file: string;
    code: string;
    severity: string;
    message: string;
    span: { start: { line: number; column: number }; end: { line: number; column: number } };
  }[];
  assert.equal(
    diagnostics.map(
      (d) => `${d.file} ${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column}-${d.span.end.line}:${d.span.end.column}`,
    ),
    [`${three} error DL002 4:1-4:6`, `${three} error DL105 11:27-11:37`, `${three} error DL201 12:9-12:15`],
  );
  assert.is(diagnostics[1]!.message, "layer `dense` has no option `kernel_int`");
});

test("ast examples/xor.dl: JSON that validates against the schema and equals parse()", async () => {
  const run = await runs.ast;
  assert.is(run.code, 0, run.stderr);
  const tree = JSON.parse(run.stdout) as unknown;
  assert.equal(validateAst(tree), []);
  assert.equal(tree, JSON.parse(JSON.stringify(parse(readFileSync(join(root, "examples/xor.dl"), "utf8")).program)));
});

test("fmt --check on every example: exit 0, nothing printed", async () => {
  const run = await runs.fmt;
  assert.ok(examples.length >= 6);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.is(run.stdout, "");
  assert.is(run.stderr, "");
});

test("a missing file: one line, exit 1, no stack trace", async () => {
  const run = await runs.missing;
  assert.is(run.code, 1);
  assert.is(run.stdout, "");
  assert.is(run.stderr, "error: examples/no-such-file.dl: cannot read: no such file\n");
});

test("a non-UTF-8 file: DL003 at the bad byte, exit 1; the other files are still checked", async () => {
  const run = await runs.mistakes;
  assert.is(run.code, 1);
  const lines = run.stderr.slice(threeReport.length).split("\n");
  assert.is(lines[0], `${latin1}:2:13: error[DL003]: byte 0xe9 is not valid UTF-8`);
  assert.is(lines[3], "  |             ^");
  assert.is(lines[4], "  = hint: save the file as UTF-8 text; a .dl file is plain text");
  assert.is(lines.slice(5).join("\n"), `\n${latin1}: 1 error\n`);
  // xor.dl is fine: its summary (and only its) is printed.
  assert.ok(run.stdout.startsWith('Model: "xor_net"\n'), run.stdout);
  assert.is(run.stdout.match(/^Model: /gm)?.length, 1);
  assert.ok(run.stdout.includes("\nTotal params: 33\n"), run.stdout);
});

// The excerpt shows the line decoded leniently (U+FFFD for the bad bytes).
test("a non-UTF-8 file: the excerpt shows the offending line", async () => {
  const lines = (await runs.mistakes).stderr.slice(threeReport.length).split("\n");
  assert.is(lines[2], "2 | let b = 2 # \uFFFDt\uFFFD");
});

test("unknown command and unknown option: exit 1 with a one-line error and the usage", async () => {
  const command = await runs.unknownCommand;
  assert.is(command.code, 1);
  assert.is(command.stderr.split("\n")[0], "error: unknown command 'frob'");
  assert.ok(command.stderr.includes("Usage: dl [options] [command]"), command.stderr);
  const option = await runs.unknownOption;
  assert.is(option.code, 1);
  assert.is(option.stderr.split("\n")[0], "error: unknown option '--bogus'");
  assert.ok(option.stderr.includes("Usage: dl check [options] <files...>"), option.stderr);
  for (const run of [command, option]) {
    assert.is(run.stdout, "");
    assertNoStackTrace(run);
  }
});

test("check --backends cpu,cpu: the summary, then a zero difference for every layer output and gradient, exit 0", async () => {
  const run = await runs.parity;
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stderr, "");
  const parity = [
    'Parity of "mnist_mlp": cpu against cpu, one forward and backward pass of 4 random examples, seed 42, loss sparse_categorical_crossentropy',
    "______________________________________________________",
    " Layer    Value             Max abs diff  Max rel diff",
    "======================================================",
    ...["dense", "dense_1", "dense_2"].flatMap((layer) => [
      ` ${layer.padEnd(9)}output                       0             0`,
      "          kernel gradient              0             0",
      "          bias gradient                0             0",
    ]),
    " loss     value                        0             0",
    "======================================================",
    "OK: cpu matches cpu (largest relative difference 0, tolerance 1e-4)",
    "",
    "",
  ].join("\n");
  assert.ok(run.stdout.startsWith('Model: "mnist_mlp"\n'), run.stdout);
  assert.ok(run.stdout.endsWith("____\n\n" + parity), run.stdout);
});

test("check --backends with an unknown name: one error naming the available backends, exit 1", async () => {
  const run = await runs.unknownBackend;
  assert.is(run.code, 1);
  assertNoStackTrace(run);
  assert.match(
    run.stderr,
    `error: option '--backends <names>' argument 'cpu,tpu' is invalid. unknown backend "tpu"; available: ${backendNames.join(", ")}\n`,
  );
  assert.is(run.stdout, "");
});

test("every independent mistake in model, data and train in one run, in source order, each with a caret and a hint, and nothing else", async () => {
  const json = await runs.everyJson;
  assert.is(json.code, 1);
  const diagnostics = JSON.parse(json.stdout) as { code: string; severity: string; span: { start: { line: number; column: number } } }[];
  assert.equal(
    diagnostics.map((d) => `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column}`),
    [
      "error DL201 7:9", // conv2d after input 784
      "error DL105 8:27", // kernel_initt
      "error DL103 9:9", // dens
      "error DL106 10:17", // dropout 1.5
      "error DL106 11:18", // sofmax
      "error DL101 16:28", // from y
      "error DL107 22:3", // scael
      "error DL106 27:13", // adom
      "error DL107 29:3", // epoch
      "error DL106 30:9", // batch 0
      "error DL202 33:1", // iris has 3 classes, n outputs 2
      "error DL106 35:15", // precison
      "error DL301 38:23", // iris has no test split
      "error DL305 39:8", // no-such-folder
    ],
  );
  const text = await runs.every;
  assert.is(text.code, 1);
  assertNoStackTrace(text);
  const reports = text.stderr.trimEnd().split("\n\n");
  assert.is(reports.pop(), `${every}: 14 errors`);
  assert.is(reports.length, 14);
  for (const report of reports) {
    assert.match(report, new RegExp(`^${every}:\\d+:\\d+: error\\[DL\\d{3}\\]: `), report);
    assert.match(report, /\n *\| *\^+/, `no caret: ${report}`);
    assert.match(report, /\n *= hint: /, `no hint: ${report}`);
  }
});

test("a dead layer: a located warning, exit 0; --strict makes it exit 1; a clean file passes --strict", async () => {
  const run = await runs.dead;
  assert.is(run.code, 0);
  assert.ok(
    run.stderr.startsWith(`${dead}:3:3: warning[DL203]: the output of \`dense\` never reaches the output of model \`m\`\n`),
    run.stderr,
  );
  assert.ok(run.stderr.includes("  |   ^^^^^^^^^^^^^^^^^^^^^^^ a dead layer\n"), run.stderr);
  assert.ok(run.stdout.startsWith('Model: "m"'), "the summary is printed");
  const strict = await runs.deadStrict;
  assert.is(strict.code, 1);
  assert.is(strict.stderr, run.stderr);
  assert.is((await runs.strictClean).code, 0);
});

test("check reports a save into a missing folder before any data is loaded (the DL305 example of docs/diagnostics.md)", async () => {
  const run = await runs.save;
  assert.is(run.code, 1);
  assert.is(run.stderr.split(saveFile).join("example.dl"), saveOutput);
});

test("--version prints the package's version", async () => {
  const run = await runs.version;
  assert.is(run.code, 0);
  assert.is(run.stdout.trim(), (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version);
});

test("three slips from other languages: one error each, nothing cascading; dl fmt prints the same and exits 1 too", async () => {
  const check = await runs.slipsCheck;
  const fmt = await runs.slipsFmt;
  assert.is(check.code, 1);
  const headlines = check.stderr.split("\n").filter((line) => line.startsWith(slips) || line.includes("= hint"));
  assert.equal(headlines, [
    `${slips}:2:1: error[DL002]: \`{\` must end the line of the statement it opens`,
    "  = hint: write `model m {`",
    `${slips}:4:14: error[DL002]: a layer's arguments are not written in parentheses`,
    "  = hint: write `layer dense 16 relu` (no parentheses or commas, options as name=value)",
    `${slips}:8:14: error[DL001]: strings go in double quotes`,
    '  = hint: write "iris.csv"',
    `${slips}: 3 errors`,
  ]);
  assert.is(fmt.code, 1);
  assert.is(fmt.stderr, check.stderr);
  assert.is(fmt.stdout, "");
});

test("a file of comments only: a DL005 warning saying so, exit 0", async () => {
  const run = await runs.commentsOnly;
  assert.is(run.code, 0);
  assert.ok(run.stderr.startsWith(`${commentsOnly}:1:1: warning[DL005]: the file has only comments, no statements\n`), run.stderr);
  assert.match(run.stderr, `${commentsOnly}: 1 warning`);
});

test("every run finished", async () => {
  assert.is((await settled).length, Object.keys(runs).length);
});

test.run();
