// Quick fixes for "did you mean" diagnostics: replace the unknown word with each suggestion.
import { CodeActionKind, type CodeAction, type Diagnostic } from "vscode-languageserver";
import type { DiagnosticData } from "./lsp-diagnostics.ts";

/** The names in a hint written by diagnostics/suggest.ts: "did you mean `dense` or `dropout`?". */
function suggestions(hint: string): string[] {
  if (!hint.startsWith("did you mean")) return [];
  return [...hint.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

export function quickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    const data = diagnostic.data as DiagnosticData | undefined;
    return (data?.hints ?? []).flatMap(suggestions).map((name) => ({
      title: `Change to \`${name}\``,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: name }] } },
    }));
  });
}
