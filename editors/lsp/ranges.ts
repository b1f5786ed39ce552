// Spans (character offsets into the text) as LSP ranges (line and UTF-16 column).
import type { Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../../grammar/ast.ts";

export function rangeOf(span: Span, document: TextDocument): Range {
  return { start: document.positionAt(span.start.offset), end: document.positionAt(span.end.offset) };
}

export function contains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}
