// Several run reporters as one: each hook calls every reporter that has it, in order (the
// console's progress and a run recorder, for `dl run --report`).
import type { RunReporter } from "../run.ts";

export function teeReporters(...reporters: RunReporter[]): RunReporter {
  const hooks = new Set(reporters.flatMap((r) => Object.keys(r) as (keyof RunReporter)[]));
  const tee: Record<string, (...args: unknown[]) => void> = {};
  for (const hook of hooks) {
    tee[hook] = (...args) => {
      for (const reporter of reporters) (reporter[hook] as ((...a: unknown[]) => void) | undefined)?.(...args);
    };
  }
  return tee as RunReporter;
}
