// Prints diagnostics for people (source excerpts with carets) or for tools (JSON).
import { renderDiagnostic, type Diagnostic } from "../interpreter/api.ts";

/** A garbage file can yield thousands of errors; the first few are the useful ones. */
const MAX_SHOWN = 20;

export function reportText(diagnostics: readonly Diagnostic[], file: string, source: string): string {
  const shown = diagnostics.slice(0, MAX_SHOWN).map((d) => renderDiagnostic(d, file, source));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > MAX_SHOWN) shown.push(`… and ${diagnostics.length - MAX_SHOWN} more`);
  const counts = [
    errors ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  if (counts.length) shown.push(`${file}: ${counts.join(", ")}`);
  return shown.join("\n\n");
}

export function reportJson(diagnostics: readonly Diagnostic[], file: string): object[] {
  return diagnostics.map((d) => ({ file, ...d }));
}
