import { test } from "uvu";
import * as assert from "uvu/assert";
import { error, warning, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { renderDiagnostic, renderDiagnostics } from "../../diagnostics/render.ts";
import type { Span } from "../../diagnostics/span.ts";

const source = "model m {\n  input 784\n  layer dens 10\n}\n";

/** A span on one line, from 1-based columns; offsets computed from the source. */
function span(text: string, line: number, from: number, to: number): Span {
  const lineStart = text
    .split("\n")
    .slice(0, line - 1)
    .reduce((n, l) => n + l.length + 1, 0);
  return { start: { offset: lineStart + from - 1, line, column: from }, end: { offset: lineStart + to - 1, line, column: to } };
}

test("header, source line, caret under the span with its label, hint", () => {
  const d = error("DL103", "unknown layer kind `dens`", span(source, 3, 9, 13), {
    label: "not a layer kind",
    hints: ["did you mean `dense`?"],
  });
  assert.is(
    renderDiagnostic(d, "model.dl", source),
    [
      "model.dl:3:9: error[DL103]: unknown layer kind `dens`",
      "  |",
      "3 |   layer dens 10",
      "  |         ^^^^ not a layer kind",
      "  = hint: did you mean `dense`?",
    ].join("\n"),
  );
});

test("a related note gets its own excerpt; hints come last; warnings say so", () => {
  const text = "let a = 1\n\n\n\n\n\n\n\n\nlet a = 2\n";
  const d: Diagnostic = warning("DL102", "`a` is defined twice", span(text, 10, 5, 6), {
    label: "defined again here",
    related: [{ message: "first defined here", span: span(text, 1, 5, 6) }],
    hints: ["rename one", "or delete one"],
  });
  assert.is(
    renderDiagnostic(d, "dir/f.dl", text),
    [
      "dir/f.dl:10:5: warning[DL102]: `a` is defined twice",
      "   |",
      "10 | let a = 2",
      "   |     ^ defined again here",
      "   = note: dir/f.dl:1:5: first defined here",
      "   |",
      " 1 | let a = 1",
      "   |     ^",
      "   = hint: rename one",
      "   = hint: or delete one",
    ].join("\n"),
  );
});

test("a span across lines is underlined to the end of its first line; an empty span gets one caret", () => {
  const multi: Span = { start: span(source, 1, 1, 2).start, end: span(source, 4, 1, 2).end };
  assert.is(renderDiagnostic(error("DL201", "m", multi), "f.dl", source).split("\n")[3], "  | ^^^^^^^^^");
  const empty = span(source, 2, 12, 12);
  assert.is(renderDiagnostic(error("DL002", "m", empty), "f.dl", source).split("\n")[3], "  |            ^");
});

test("tabs and control characters keep the caret aligned; CRLF is not shown", () => {
  const text = "\tlet\u0007 a = $\r\nnext\r\n";
  const d = error("DL001", "unexpected character `$`", span(text, 1, 11, 12));
  assert.equal(renderDiagnostic(d, "f.dl", text).split("\n").slice(2), ["1 |  let? a = $", "  |           ^"]);
});

test("a very long line is cut at 200 characters", () => {
  const text = "x".repeat(500) + "\n";
  const line = renderDiagnostic(error("DL001", "m", span(text, 1, 1, 2)), "f.dl", text).split("\n")[2]!;
  assert.is(line, "1 | " + "x".repeat(200) + "…");
});

test("renderDiagnostics separates diagnostics with a blank line", () => {
  const a = error("DL101", "first", span(source, 2, 3, 8));
  const b = error("DL103", "second", span(source, 3, 9, 13));
  const rendered = renderDiagnostics([a, b], "f.dl", source);
  assert.is(rendered, `${renderDiagnostic(a, "f.dl", source)}\n\n${renderDiagnostic(b, "f.dl", source)}`);
  assert.is(rendered.split("\n").length, 9);
  assert.is(renderDiagnostics([], "f.dl", source), "");
});

test.run();
