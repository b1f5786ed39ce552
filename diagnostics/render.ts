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

/** The longest excerpt printed; a longer line (a 10 MB file on one line) shows a window around the span. */
const MAX_EXCERPT = 200;

/** The source line of a span with carets under it (only the first line of a multi-line span). */
function excerpt(span: Diagnostic["span"], label: string | undefined, source: string, gutterWidth: number): string[] {
  const lineNumber = span.start.line;
  const line = sourceLine(source, span.start.offset, span.start.column);
  const pad = " ".repeat(gutterWidth);
  const endColumn = span.end.line === span.start.line ? span.end.column : line.length + 1;
  // Columns before `skip` are cut off (shown as `…`), so the caret stays on screen.
  const skip = line.length > MAX_EXCERPT && span.start.column > MAX_EXCERPT / 2 ? span.start.column - 1 - MAX_EXCERPT / 4 : 0;
  const shown = (skip > 0 ? "…" : "") + line.slice(skip, skip + MAX_EXCERPT) + (line.length > skip + MAX_EXCERPT ? "…" : "");
  const startColumn = span.start.column - skip + (skip > 0 ? 1 : 0);
  const carets = Math.max(1, Math.min(endColumn - span.start.column, MAX_EXCERPT + 2 - startColumn));
  const caret = " ".repeat(Math.max(0, startColumn - 1)) + "^".repeat(carets) + (label ? ` ${label}` : "");
  return [`${pad} |`, `${String(lineNumber).padStart(gutterWidth)} | ${printable(shown)}`, `${pad} | ${caret}`];
}

function sourceLine(source: string, offset: number, column: number): string {
  const lineStart = Math.max(0, offset - (column - 1));
  let lineEnd = source.indexOf("\n", lineStart);
  if (lineEnd === -1) lineEnd = source.length;
  return source.slice(lineStart, lineEnd).replace(/\r$/, "");
}

/** Tabs and control characters would break the caret alignment; show them as spaces and `?`. */
function printable(text: string): string {
  return text.replace(/\t/g, " ").replace(/[\u0000-\u001f\u007f]/g, "?");
}
