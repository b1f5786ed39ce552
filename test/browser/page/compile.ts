// Parses and checks dl source the way a web page would, through the public API.
import { hasErrors } from "../../../diagnostics/diagnostic.ts";
import { check, parse, renderDiagnostics } from "../../../interpreter/api.ts";
import type { CheckedProgram } from "../../../interpreter/check/checked.ts";

export function compile(source: string, file = "page.dl"): CheckedProgram {
  const parsed = parse(source);
  const checked = check(parsed.program);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) throw new Error(renderDiagnostics(diagnostics, file, source));
  return checked.program;
}
