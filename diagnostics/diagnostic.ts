// A diagnostic is data: every stage (lexer, parser, schema, checker, runtime) reports
// problems as these objects, and one renderer turns them into text or JSON.
import type { Span } from "./span.ts";
import type { Code } from "./codes.ts";

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable code such as DL101; documented in docs/diagnostics.md. */
  code: Code;
  severity: Severity;
  message: string;
  span: Span;
  /** A short label printed next to the caret. */
  label?: string;
  /** Suggestions: "did you mean `dense`?", "add `layer reshape 28 28 1`". */
  hints: string[];
  /** Further places that explain the error, such as the use site of a block. */
  related: { message: string; span: Span }[];
}

export function error(code: Code, message: string, span: Span, options: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: "error", message, span, hints: [], related: [], ...options };
}

export function warning(code: Code, message: string, span: Span, options: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: "warning", message, span, hints: [], related: [], ...options };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.span.start.offset - b.span.start.offset;
}

/** Thrown by later stages (data loading, training) to carry a diagnostic to the CLI. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
