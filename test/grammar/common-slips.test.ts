// Slips from other languages give one diagnostic each, with dl's form in the hint, and nothing
// that cascades from them: the rest of the file parses as if written right.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { parse } from "../../grammar/parse.ts";

function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(
    (d) => `${d.code} ${d.span.start.line}:${d.span.start.column}-${d.span.end.column} ${d.message} [${d.label}] ${d.hints.join(" | ")}`,
  );
}

test("`{` on the line after `model m`: one error on the brace, the model parses whole", () => {
  const { program, diagnostics } = parse("model m\n{\n  input 2\n  layer dense 1\n}\n");
  assert.equal(brief(diagnostics), [
    "DL002 2:1-2 `{` must end the line of the statement it opens [on a line of its own] write `model m {`",
  ]);
  assert.is(program.body.length, 1);
  const model = program.body[0]!;
  assert.ok(model.type === "Model" && model.body.length === 2);
});

test("`{` after blank lines and a comment, in a train statement: still one error, the statement kept", () => {
  const { program, diagnostics } = parse("train m on d   # fit\n\n{\n  epochs 2\n}\n");
  assert.equal(brief(diagnostics), [
    "DL002 3:1-2 `{` must end the line of the statement it opens [on a line of its own] write `train m on d {`",
  ]);
  assert.is(program.body[0]!.type, "Train");
});

test("`source csv 'iris.csv'`: one error on the whole string (not inside it), hint with double quotes", () => {
  const { program, diagnostics } = parse("data d {\n  source csv 'iris.csv'\n}\n");
  assert.equal(brief(diagnostics), ['DL001 2:14-24 strings go in double quotes [single quotes] write "iris.csv"']);
  assert.is(program.body[0]!.type, "Data");
});

test("single quotes inside a comment or a double-quoted string are left alone", () => {
  assert.equal(parse("# it's fine\nsave m \"it's.safetensors\"\n").diagnostics, []);
});

test('`layer dense(16, activation="relu")`: one error whose hint is dl\'s form', () => {
  const { diagnostics } = parse('model m {\n  input 4\n  layer dense(16, activation="relu")\n  layer dense 3 softmax\n}\n');
  assert.equal(brief(diagnostics), [
    "DL002 3:14-37 a layer's arguments are not written in parentheses [a Python-style call] write `layer dense 16 relu` (no parentheses or commas, options as name=value)",
  ]);
});

test("a Keras-style call with single quotes and other options: still one error, options as name=value", () => {
  const { diagnostics } = parse("model m {\n  input 28 28 1\n  layer conv2d(8, 3, activation='relu', padding=\"same\")\n}\n");
  assert.equal(brief(diagnostics), [
    "DL002 3:15-56 a layer's arguments are not written in parentheses [a Python-style call] write `layer conv2d 8 3 relu padding=same` (no parentheses or commas, options as name=value)",
  ]);
});

test("a parenthesized expression as a layer argument is dl, not a slip", () => {
  assert.equal(parse("let h = 4\nmodel m {\n  input 4\n  layer dense (h * 2) relu\n}\n").diagnostics, []);
});

test.run();
