// The parser's limits: input that once overflowed the stack (issue 16) ends in one located
// diagnostic, and the tree parse() hands on always validates against the schema.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { renderDiagnostic } from "../../diagnostics/render.ts";
import { MAX_NESTING, MAX_TREE_DEPTH, parse } from "../../grammar/parse.ts";
import { validateAst } from "../../grammar/validate-ast.ts";

/** `code line:column message` */
function brief(d: Diagnostic): string {
  return `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`;
}

test("`let a = ------…-1` with 2,000 minus signs: DL002 at the first sign past the limit, no RangeError", () => {
  const { program, diagnostics } = parse(`let a = ${"-".repeat(2000)}1\n`);
  assert.equal(diagnostics.map(brief), [`DL002 1:${9 + MAX_NESTING} an expression nests more than ${MAX_NESTING} levels deep`]);
  assert.equal(program.body, []);
});

test("unary minus within the limit parses, also through parentheses; minus inside parentheses counts with them", () => {
  const ok = parse(`let a = ${"-".repeat(MAX_NESTING)}1\n`);
  assert.equal(ok.diagnostics, []);
  let depth = 0;
  let value = (ok.program.body[0] as { value: { type: string; operand?: unknown } }).value;
  while (value.type === "Unary") {
    depth++;
    value = value.operand as typeof value;
  }
  assert.is(depth, MAX_NESTING);
  assert.equal(parse("let b = 1 - -2 - - - 3\n").diagnostics, []);
  const nested = parse(`let c = ${"-(".repeat(MAX_NESTING)}1${")".repeat(MAX_NESTING)}\n`);
  assert.equal(nested.diagnostics.map(brief), [`DL002 1:${9 + MAX_NESTING} an expression nests more than ${MAX_NESTING} levels deep`]);
});

test("`let b = 1+1+…` with 2,000 terms: DL002 on the expression, and the schema is never asked to walk it", () => {
  const { program, diagnostics } = parse(`let b = ${Array(2000).fill("1").join("+")}\n`);
  assert.equal(diagnostics.map(brief), [`DL002 1:9 an expression nests more than ${MAX_TREE_DEPTH} levels deep`]);
  assert.equal(validateAst(program), []);
});

test("an expression just within the tree depth parses and validates", () => {
  // Program → Let → Binary × terms-1 → Number: the Let is at depth 1.
  const terms = MAX_TREE_DEPTH - 1;
  const { program, diagnostics } = parse(`let b = ${Array(terms).fill("1").join("+")}\n`);
  assert.equal(diagnostics, []);
  assert.equal(validateAst(program), []);
  assert.is(
    parse(
      `let b = ${Array(terms + 1)
        .fill("1")
        .join("+")}\n`,
    ).diagnostics.length,
    1,
  );
});

test("numbers too large to represent are DL401 at the token, not a schema error (lr=1e400, 1.8e308)", () => {
  const { program, diagnostics } = parse("train m on d {\n  optimizer adam lr=1e400\n}\nlet size = 1.8e308\nlet fine = 1.7e308\n");
  assert.equal(diagnostics.map(brief), [
    "DL401 2:21 the number 1e400 is too large to represent",
    "DL401 4:12 the number 1.8e308 is too large to represent",
  ]);
  assert.is(diagnostics[0]!.span.end.column, 26);
  assert.equal(validateAst(program), []);
  assert.equal(
    program.body.map((s) => s.type),
    ["Train", "Let"],
  );
});

test("a caret far along a very long line stays on screen, under its character", () => {
  const text = `let b = 1${" ".repeat(5000)}y\n`;
  const column = text.indexOf("y") + 1;
  const diagnostic = parse(text).diagnostics[0]!;
  assert.is(diagnostic.span.start.column, column);
  const [, , line, caret] = renderDiagnostic(diagnostic, "f.dl", text).split("\n");
  assert.ok(line!.length < 230, `the excerpt is cut: ${line!.length} characters`);
  const at = caret!.indexOf("^");
  assert.is(line![at], "y");
});

test.run();
