// One document's parse and check, made once per version and shared by every request on it.
// Like `dl check`, the checker runs even after syntax errors (the parser recovers), so the
// editor shows the same diagnostics as the command line.
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Program } from "../../grammar/ast.ts";
import { check, hasErrors, parse, type CheckedProgram, type Diagnostic } from "../../interpreter/api.ts";

export interface Analysis {
  text: string;
  program: Program;
  checked: CheckedProgram;
  /** In source order, as `dl check` prints them. */
  diagnostics: Diagnostic[];
}

const cache = new WeakMap<TextDocument, { version: number; analysis: Analysis }>();

export function analyze(document: TextDocument): Analysis {
  const cached = cache.get(document);
  if (cached?.version === document.version) return cached.analysis;
  const text = document.getText();
  const parsed = parse(text);
  const checked = check(parsed.program, hasErrors(parsed.diagnostics));
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset);
  const analysis = { text, program: parsed.program, checked: checked.program, diagnostics };
  cache.set(document, { version: document.version, analysis });
  return analysis;
}
