// The error formatting throws for a program that does not parse. Its own module, free of
// Prettier, so callers can recognize it without loading the formatter.
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";

/** Prettier prints a code frame from `loc`; the CLI can render `diagnostic`. */
export class DlSyntaxError extends SyntaxError {
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };

  constructor(readonly diagnostic: Diagnostic) {
    super(`${diagnostic.message} (${diagnostic.code})`);
    const { start, end } = diagnostic.span;
    this.loc = { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
  }
}
