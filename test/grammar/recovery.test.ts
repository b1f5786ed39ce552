// Error recovery and input limits: one run reports every syntax error with its place,
// keeps the good statements, and never throws, whatever bytes come in.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type * as ast from "../../grammar/ast.ts";
import { decode, MAX_NESTING, MAX_SOURCE_BYTES, parse } from "../../grammar/parse.ts";
import { MAX_SYNTAX_ERRORS } from "../../grammar/parser.ts";

/** `code line:column message` per diagnostic. */
function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
}

function names(program: ast.Program): string[] {
  return program.body.map((s) => `${s.type} ${"name" in s ? s.name.name : s.model.name}`);
}

test("several syntax errors on different lines: each reported once, in order, good statements kept", () => {
  const text = [
    "let a = 1",
    "let b = = 2",
    "model m {",
    "  input 784",
    "  layer dense 10 relu",
    "  layer dense 5 (",
    "}",
    "let c = (1 + 2",
    "evaluate m on",
    'save m "m.safetensors"',
    "let d = 4",
    "",
  ].join("\n");
  const { program, diagnostics } = parse(text);
  assert.equal(brief(diagnostics), [
    "DL002 2:9 expected '-', a number, a name or '(', found `=`",
    "DL002 6:18 expected '-', a number, a name or '(', found the end of the line",
    "DL002 8:15 expected ')', found the end of the line",
    "DL002 9:14 expected a name, found the end of the line",
  ]);
  assert.equal(
    diagnostics.map((d) => d.hints),
    [
      [],
      ["the statement ended before it was complete"],
      ["the statement ended before it was complete"],
      ["write `evaluate MODEL on DATA` or `evaluate MODEL on DATA.test`"],
    ],
  );
  assert.ok(diagnostics.every((d) => d.severity === "error" && d.label === "unexpected here"));
  // The broken layer is dropped, its model kept; the broken let and evaluate are dropped.
  assert.equal(names(program), ["Let a", "Model m", "Save m", "Let d"]);
  const model = program.body[1] as ast.ModelDecl;
  assert.equal(
    model.body.map((i) => i.type),
    ["Input", "Layer"],
  );
  assert.equal(
    model.body.map((i) => `${i.span.start.line}:${i.span.start.column}`),
    ["4:3", "5:3"],
  );
});

test("a stray token is skipped and the statement kept; the caret is on the token", () => {
  const { program, diagnostics } = parse("model m {\n  input 784\n  layer dense 10 ]\n}\nlet a = 1 @ 2\n");
  assert.equal(brief(diagnostics), [
    "DL002 3:18 expected end of line, found `]`",
    "DL001 5:11 unexpected character `@`",
    "DL002 5:13 expected end of line, found `2`",
  ]);
  assert.equal(diagnostics[0]!.span.end, { offset: 40, line: 3, column: 19 });
  assert.equal(((program.body[0] as ast.ModelDecl).body[1] as ast.LayerStmt).args.length, 1);
  assert.equal(names(program), ["Model m", "Let a"]);
});

test("`modle m {` → did you mean `model`?; its body is skipped without follow-on errors", () => {
  const text = "let a = 1\nmodle m {\n  input 784\n  layer dense 10 softmax\n  residual {\n  }\n}\nmodel n {\n  input 2\n}\n";
  const { program, diagnostics } = parse(text);
  assert.equal(diagnostics.length, 1);
  const [d] = diagnostics;
  assert.is(d!.code, "DL002");
  assert.is(d!.message, "`modle` does not start a statement");
  assert.equal(d!.span, { start: { offset: 10, line: 2, column: 1 }, end: { offset: 15, line: 2, column: 6 } });
  assert.is(d!.label, "expected a keyword");
  assert.equal(d!.hints, ["did you mean `model`?"]);
  assert.equal(names(program), ["Let a", "Model n"]);
});

test("a word far from every keyword lists the keywords instead", () => {
  const { diagnostics } = parse("import torch\n");
  assert.equal(brief(diagnostics), ["DL002 1:1 `import` does not start a statement"]);
  assert.equal(diagnostics[0]!.hints, ["a statement starts with one of: let, model, block, data, train, evaluate, save, load"]);
});

test("empty and blank files: one warning (DL005), empty body; comment-only files: DL005 saying so", () => {
  for (const text of ["", "\n\n\n", "   \t\n"]) {
    const { program, diagnostics } = parse(text);
    assert.equal(brief(diagnostics), ["DL005 1:1 the file has no statements"], JSON.stringify(text));
    assert.is(diagnostics[0]!.severity, "warning");
    assert.equal(program.body, [], JSON.stringify(text));
  }
  for (const text of ["# only a comment", "\uFEFF# with a BOM\n"]) {
    const { program, diagnostics } = parse(text);
    assert.equal(brief(diagnostics), ["DL005 1:1 the file has only comments, no statements"], JSON.stringify(text));
    assert.is(diagnostics[0]!.severity, "warning");
    assert.equal(program.body, [], JSON.stringify(text));
  }
});

/** Deterministic pseudo-random text (a linear congruential generator), so failures reproduce. */
function garbage(length: number, alphabet: string[], seed: number): string {
  let state = seed;
  let text = "";
  while (text.length < length) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

test("~200 KB of random characters: no throw, a bounded number of diagnostics, then a stop note", () => {
  const text = garbage(200_000, [..."abcxyz019 \n\t{}()[],=.+-*/#\"_@$%^&!~;:<>?|\\'"], 7);
  const { diagnostics } = parse(text);
  assert.is(diagnostics.length, MAX_SYNTAX_ERRORS + 1);
  const last = diagnostics.at(-1)!;
  assert.is(last.message, `too many syntax errors; stopped after ${MAX_SYNTAX_ERRORS}`);
  assert.equal(last.hints, ["is this a .dl file?"]);
  assert.equal(last.span, diagnostics.at(-2)!.span, "the stop note points at the last error kept");
  // Sorted by position.
  const offsets = diagnostics.map((d) => d.span.start.offset);
  assert.equal(
    offsets,
    [...offsets].sort((a, b) => a - b),
  );
});

test("~200 KB of random keywords and symbols: no throw, bounded", () => {
  const words = ["model", "layer", "{", "}", "input", "let", "=", "\n", "x", "3", "[", "]", "(", ")", "train", "on", "dense", "\n", "\n"];
  for (const seed of [1, 2]) {
    const { diagnostics } = parse(
      garbage(
        200_000,
        words.map((w) => w + " "),
        seed,
      ),
    );
    assert.ok(diagnostics.length >= 1 && diagnostics.length <= MAX_SYNTAX_ERRORS + 1, `seed ${seed}: ${diagnostics.length}`);
  }
});

test("two thousand unknown statements are capped too", () => {
  const { diagnostics } = parse("print x\n".repeat(2_000));
  assert.is(diagnostics.length, MAX_SYNTAX_ERRORS + 1);
  assert.is(diagnostics[0]!.message, "`print` does not start a statement");
  assert.is(diagnostics[MAX_SYNTAX_ERRORS - 1]!.span.start.line, MAX_SYNTAX_ERRORS);
  assert.is(diagnostics.at(-1)!.message, `too many syntax errors; stopped after ${MAX_SYNTAX_ERRORS}`);
});

test("the parser's own error cap ends with the stop note (not an 'expected the end of the file')", () => {
  const { diagnostics } = parse("let = 1\n".repeat(60));
  assert.is(diagnostics.length, MAX_SYNTAX_ERRORS + 1);
  assert.equal(brief(diagnostics.slice(0, 2)), ["DL002 1:5 expected a name, found `=`", "DL002 2:5 expected a name, found `=`"]);
  assert.is(diagnostics.at(-1)!.message, `too many syntax errors; stopped after ${MAX_SYNTAX_ERRORS}`);
  assert.is(diagnostics.at(-1)!.span.start.line, MAX_SYNTAX_ERRORS);
});

test("a run of unexpected characters is one diagnostic; control characters are named by code point", () => {
  const { diagnostics } = parse("let a = 1 $$$\nlet b = \u0001 2\n");
  assert.equal(brief(diagnostics), ["DL001 1:11 unexpected character `$$$`", "DL001 2:9 unexpected character U+0001"]);
  assert.equal(diagnostics[0]!.span.end, { offset: 13, line: 1, column: 14 });
  assert.is(diagnostics[0]!.label, "not part of the language");
});

test("decode: valid UTF-8 (with a BOM) becomes text", () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("# é ✓ 🙂\nlet a = 1\n")]);
  assert.equal(decode(bytes), { text: "# é ✓ 🙂\nlet a = 1\n" });
});

test("decode: a non-UTF-8 byte → DL003 at its line:column (columns count characters, not bytes)", () => {
  const bytes = new Uint8Array([...new TextEncoder().encode("let a = 1\n# é\n  x"), 0xff, 0x0a]);
  const result = decode(bytes);
  assert.ok("diagnostic" in result);
  const d = result.diagnostic;
  assert.is(d.code, "DL003");
  assert.is(d.message, "byte 0xff is not valid UTF-8");
  assert.equal(d.span, { start: { offset: 17, line: 3, column: 4 }, end: { offset: 18, line: 3, column: 5 } });
  assert.equal(d.hints, ["save the file as UTF-8 text; a .dl file is plain text"]);
});

test("decode: a cut or malformed multi-byte sequence is reported at its first byte, without throwing", () => {
  const at = (bytes: number[]) => {
    const result = decode(new Uint8Array(bytes));
    assert.ok("diagnostic" in result, JSON.stringify(bytes));
    const { message, span } = result.diagnostic;
    return `${span.start.line}:${span.start.column} ${message}`;
  };
  assert.is(at([0x61, 0xe2]), "1:2 byte 0xe2 is not valid UTF-8", "cut at the end of the file");
  assert.is(at([0x61, 0x0a, 0x62, 0xe2, 0x82, 0x41]), "2:2 byte 0xe2 is not valid UTF-8", "cut by an ASCII byte");
  assert.is(at([0xc3, 0xa9, 0x80]), "1:2 byte 0x80 is not valid UTF-8", "a lone continuation byte");
  assert.is(at([0xc0, 0xaf]), "1:1 byte 0xc0 is not valid UTF-8", "an overlong encoding");
  assert.is(at([0xed, 0xa0, 0x80]), "1:1 byte 0xed is not valid UTF-8", "a surrogate");
  assert.is(
    at([0xf0, 0x9f, 0x99, 0x82, 0xf4, 0x90, 0x80, 0x80]),
    "1:3 byte 0xf4 is not valid UTF-8",
    "past U+10FFFF, after an emoji (2 UTF-16 units)",
  );
});

test("over 1 MB → DL004, without lexing", () => {
  const text = "let a = 1\n".repeat(MAX_SOURCE_BYTES / 10 + 1);
  const { program, diagnostics } = parse(text);
  assert.equal(brief(diagnostics), ["DL004 1:1 the file is 1.0 MB; a .dl file may be at most 1 MB"]);
  assert.is(diagnostics[0]!.hints[0], "a .dl file describes a model; keep data in CSV, JSON or IDX files and point `source` at them");
  assert.equal(program.body, []);
  assert.equal(brief(parse("x".repeat(3 * MAX_SOURCE_BYTES)).diagnostics), [
    "DL004 1:1 the file is 3.0 MB; a .dl file may be at most 1 MB",
  ]);
});

test("exactly 1 MB is still parsed", () => {
  const line = "# " + "x".repeat(1021) + "\n"; // 1024 characters
  const { program, diagnostics } = parse(line.repeat(MAX_SOURCE_BYTES / 1024));
  assert.equal(brief(diagnostics), ["DL005 1:1 the file has only comments, no statements"]);
  assert.is(program.comments.length, 1024);
});

test("100 nested `{` → one nesting diagnostic at the first bracket too deep", () => {
  const { program, diagnostics } = parse("{".repeat(100));
  assert.equal(brief(diagnostics), [`DL002 1:${MAX_NESTING + 1} brackets nested more than ${MAX_NESTING} levels deep`]);
  assert.is(diagnostics[0]!.label, "too deep");
  assert.equal(diagnostics[0]!.hints, ["check for unclosed `{`, `(` or `[` above"]);
  assert.equal(program.body, []);
});

test("nesting: 32 levels of mixed brackets parse, 33 do not; closed brackets do not count", () => {
  const deep = (n: number) => `let a = ${"(".repeat(n)}1${")".repeat(n)}\n`;
  assert.equal(parse(deep(MAX_NESTING)).diagnostics, []);
  assert.equal(brief(parse(deep(MAX_NESTING + 1)).diagnostics), [
    `DL002 1:${9 + MAX_NESTING} brackets nested more than ${MAX_NESTING} levels deep`,
  ]);
  const nested = "model m {\n" + "  repeat 2 {\n".repeat(40) + "  }\n".repeat(40) + "}\n";
  assert.equal(brief(parse(nested).diagnostics), [`DL002 ${MAX_NESTING + 1}:12 brackets nested more than ${MAX_NESTING} levels deep`]);
  const siblings = "model m {\n  input 2\n" + "  repeat 1 {\n    layer relu\n  }\n".repeat(100) + "}\n";
  assert.equal(parse(siblings).diagnostics, []);
});

test.run();
