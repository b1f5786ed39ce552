// The exit status of `dl fmt`, as Prettier's CLI gives it.
import type { FormatFileResult, FormatMode } from "../interpreter/api.ts";

/** 2 on any error, 1 when --check finds unformatted files, else 0. */
export function formatExitCode(results: readonly FormatFileResult[], mode: FormatMode): number {
  if (results.some((r) => r.status === "error")) return 2;
  return mode === "check" && results.some((r) => r.status === "changed") ? 1 : 0;
}
