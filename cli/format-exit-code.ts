// The exit status of `dl fmt`: 1 for a file with errors, as `dl check` gives, or one that
// --check finds unformatted; else 0.
import type { FormatFileResult, FormatMode } from "../interpreter/api.ts";

export function formatExitCode(results: readonly FormatFileResult[], mode: FormatMode): number {
  if (results.some((r) => r.status === "error")) return 1;
  return mode === "check" && results.some((r) => r.status === "changed") ? 1 : 0;
}
