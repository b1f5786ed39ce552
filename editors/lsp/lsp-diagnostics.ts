// dl's diagnostics as LSP diagnostics: same code, message, label, hints and related places.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../../interpreter/api.ts";
import { rangeOf } from "./ranges.ts";

/** What a quick fix needs back from a diagnostic the client hands in. */
export interface DiagnosticData {
  hints: string[];
}

export function toLspDiagnostic(diagnostic: Diagnostic, document: TextDocument): LspDiagnostic {
  const label = diagnostic.label ? ` (${diagnostic.label})` : "";
  const hints = diagnostic.hints.map((hint) => `\nhint: ${hint}`).join("");
  const data: DiagnosticData = { hints: diagnostic.hints };
  return {
    range: rangeOf(diagnostic.span, document),
    severity: diagnostic.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: "dl",
    message: diagnostic.message + label + hints,
    relatedInformation: diagnostic.related.map((related) => ({
      location: { uri: document.uri, range: rangeOf(related.span, document) },
      message: related.message,
    })),
    data,
  };
}
