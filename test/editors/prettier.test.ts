import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatExitCode } from "../../cli/format-exit-code.ts";
import { DlSyntaxError } from "../../grammar/format/dl-syntax-error.ts";
import { formatDl } from "../../grammar/format/format.ts";
import { formatFiles } from "../../interpreter/runtime/format-files.ts";

const examples = readdirSync("examples").filter((f) => f.endsWith(".dl"));

test("formatting is idempotent on every example", async () => {
  assert.ok(examples.length >= 6);
  for (const file of examples) {
    const once = await formatDl(readFileSync(join("examples", file), "utf8"));
    assert.is(await formatDl(once), once, file);
  }
});

test("canonical examples come back unchanged", async () => {
  for (const file of ["xor.dl", "spirals.dl", "resnet_blocks.dl"]) {
    const text = readFileSync(join("examples", file), "utf8");
    assert.is(await formatDl(text), text, file);
  }
});

test("spacing, options after arguments, lists and strings", async () => {
  const input = 'model   m{\n layer  conv2d 32 kernel = [3,3]  relu name="a  b"\n  input 28   28 1\n}\n';
  assert.is(await formatDl(input), 'model m {\n  layer conv2d 32 relu kernel=[3, 3] name="a  b"\n  input 28 28 1\n}\n');
});

test("operators are tight and parentheses only where precedence needs them", async () => {
  const input = "let a = ((1 + 2)) * 3 - (4 - (5 - 6)) / -(b * 2)\nlet c = (a * 2) + 1 - -a\nlet d = 1e-3 / 255.0\n";
  assert.is(await formatDl(input), "let a = (1+2)*3-(4-(5-6))/-(b*2)\nlet c = a*2+1--a\nlet d = 1e-3/255.0\n");
});

test("blank lines: one around declarations, user blank lines collapsed, none at body edges", async () => {
  const input =
    '\n\nlet a = 1\n\n\n\nlet b = 2\nmodel m {\n\n  input 2\n\n\n  layer dense 1\n\n}\ndata d {\n}\nevaluate m on d.test\nsave m "m.safetensors"\n\n';
  const expected =
    'let a = 1\n\nlet b = 2\n\nmodel m {\n  input 2\n\n  layer dense 1\n}\n\ndata d {}\n\nevaluate m on d.test\nsave m "m.safetensors"\n';
  assert.is(await formatDl(input), expected);
});

test("comments: leading, trailing, dangling, in nested bodies, and the blank line after them", async () => {
  const input = [
    "# about the file",
    "let width = 8   # trailing   ",
    "",
    "# about the model",
    "model m { # header note",
    "  repeat 2 {",
    "    residual {",
    "      # nothing yet",
    "    }",
    "  } # after repeat",
    "",
    "  layer dense width",
    "  # last word",
    "}",
    "train m on d {",
    "  # empty",
    "}",
    "# end",
  ].join("\n");
  const expected = [
    "# about the file",
    "let width = 8 # trailing",
    "",
    "# about the model",
    "model m { # header note",
    "  repeat 2 {",
    "    residual {",
    "      # nothing yet",
    "    }",
    "  } # after repeat",
    "",
    "  layer dense width",
    "  # last word",
    "}",
    "",
    "train m on d {",
    "  # empty",
    "}",
    "",
    "# end",
    "",
  ].join("\n");
  assert.is(await formatDl(input), expected);
});

test("a file of only comments, and an empty file", async () => {
  assert.is(await formatDl("  # one\n\n\n\n# two"), "# one\n\n# two\n");
  assert.is(await formatDl("\n\n"), "");
});

test("a syntax error rejects with its line and column", async () => {
  try {
    await formatDl("model m {\n  layer dense 10 $ softmax\n}\n");
    assert.unreachable("should have thrown");
  } catch (e) {
    assert.instance(e, DlSyntaxError);
    const error = e as DlSyntaxError;
    assert.equal(error.loc.start, { line: 2, column: 18 });
    assert.is(error.diagnostic.code, "DL001");
    assert.match(error.message, "unexpected character `$`");
  }
});

test("formatFiles checks, writes and reports errors per file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dl-fmt-"));
  try {
    const good = join(dir, "good.dl");
    const messy = join(dir, "messy.dl");
    const broken = join(dir, "broken.dl");
    writeFileSync(good, "let a = 1\n");
    writeFileSync(messy, "let   a=1");
    writeFileSync(broken, "let = 1\n");

    const checked = await formatFiles([good, messy, broken, join(dir, "missing.dl")], "check");
    assert.equal(
      checked.map((r) => r.status),
      ["unchanged", "changed", "error", "error"],
    );
    assert.is(readFileSync(messy, "utf8"), "let   a=1", "check does not write");
    const error = checked[2]!;
    assert.ok(error.status === "error" && error.diagnostics?.[0]?.span.start.line === 1);
    assert.is(formatExitCode(checked, "check"), 1);
    assert.is(formatExitCode(checked.slice(0, 2), "check"), 1);
    assert.is(formatExitCode(checked.slice(0, 2), "print"), 0);

    const written = await formatFiles([messy], "write");
    assert.equal(written, [{ path: messy, status: "changed", formatted: "let a = 1\n" }]);
    assert.is(readFileSync(messy, "utf8"), "let a = 1\n");
    assert.equal((await formatFiles([messy], "check"))[0]!.status, "unchanged");
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("the plain-JS entry works through the Prettier CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "dl-cli-"));
  try {
    const file = join(dir, "x.dl");
    writeFileSync(file, "model  m {\n layer dense 2*4 relu\n}\n");
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ["node_modules/prettier/bin/prettier.cjs", "--plugin", "./editors/prettier/index.mjs", ...args], {
        encoding: "utf8",
      });

    const printed = cli(file);
    assert.is(printed.stderr, "");
    assert.is(printed.stdout, "model m {\n  layer dense 2*4 relu\n}\n");

    writeFileSync(file, "model m {\n  layer dense 10 $ softmax\n}\n");
    const failed = cli(file);
    assert.is(failed.status, 2);
    assert.match(failed.stderr, "> 2 |   layer dense 10 $ softmax");
    assert.match(failed.stderr, /\| {18}\^/, "the caret sits under column 18");
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test.run();
