// " (did you mean "x"?)" for data errors, which are one-line messages; the matching itself
// is the diagnostics module's, shared with the checker.
import { closest } from "../../diagnostics/suggest.ts";

/** " (did you mean "x"?)" or "" — ready to append to a message. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const [suggestion] = closest(name, candidates, 1);
  return suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
}
