// Renders diagnostics the way Rust and Elm do:
//
//   model.dl:5:9: error[DL101]: unknown layer kind `dens`
//     |
//   5 |   layer dens 10
//     |         ^^^^ not a layer kind
//     = hint: did you mean `dense`?
import type { Diagnostic } from "./diagnostic.ts";

export function renderDiagnostic(diagnostic: Diagnostic, file: string, source: string): string {
  const { start } = diagnostic.span;
  const lines = [`${file}:${start.line}:${start.column}: ${diagnostic.severity}[${diagnostic.code}]: ${diagnostic.message}`];
  // One gutter for the whole diagnostic, as wide as its largest line number; "= hint" lines up with the `|`.
  const width = Math.max(start.line, ...diagnostic.related.map((r) => r.span.start.line)).toString().length;
  const gutter = " ".repeat(width + 1);
  lines.push(...excerpt(diagnostic.span, diagnostic.label, source, width));
  for (const related of diagnostic.related) {
    lines.push(`${gutter}= note: ${file}:${related.span.start.line}:${related.span.start.column}: ${related.message}`);
    lines.push(...excerpt(related.span, undefined, source, width));
  }
  for (const hint of diagnostic.hints) lines.push(`${gutter}= hint: ${hint}`);
  return lines.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], file: string, source: string): string {
  return diagnostics.map((d) => renderDiagnostic(d, file, source)).join("\n\n");
}

/** The source line of a span with carets under it (only the first line of a multi-line span). */
function excerpt(span: Diagnostic["span"], label: string | undefined, source: string, gutterWidth: number): string[] {
  const lineNumber = span.start.line;
  const lineText = sourceLine(source, span.start.offset, span.start.column);
  const pad = " ".repeat(gutterWidth);
  const startColumn = span.start.column;
  const endColumn = span.end.line === span.start.line ? span.end.column : lineText.length + 1;
  const carets = Math.max(1, endColumn - startColumn);
  const caret = " ".repeat(Math.max(0, startColumn - 1)) + "^".repeat(carets) + (label ? ` ${label}` : "");
  return [`${pad} |`, `${String(lineNumber).padStart(gutterWidth)} | ${printable(lineText)}`, `${pad} | ${caret}`];
}

function sourceLine(source: string, offset: number, column: number): string {
  const lineStart = Math.max(0, offset - (column - 1));
  let lineEnd = source.indexOf("\n", lineStart);
  if (lineEnd === -1) lineEnd = source.length;
  const text = source.slice(lineStart, lineEnd).replace(/\r$/, "");
  // A pathological line (a 10 MB file on one line) is cut, so the terminal stays readable.
  return text.length > 200 ? text.slice(0, 200) + "…" : text;
}

/** Tabs and control characters would break the caret alignment; show them as spaces and `?`. */
function printable(text: string): string {
  return text.replace(/\t/g, " ").replace(/[\u0000-\u001f\u007f]/g, "?");
}
