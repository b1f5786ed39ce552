// A conformance case's Keras optimizer config as createOptimizer options (no node: imports, so
// the browser test's page can use it too).
import type { OptimizerOptions } from "../../stdlib/optimizers/index.ts";
import { createSchedule } from "../../stdlib/schedules/index.ts";

/** Keras config → options; a serialized schedule becomes a schedule object. */
export function optionsFrom(config: Record<string, unknown>): OptimizerOptions {
  const options: Record<string, OptimizerOptions[string]> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === "learning_rate" && typeof value === "object" && value !== null) {
      const { class_name, ...rest } = value as Record<string, number | boolean | string>;
      if (class_name !== "ExponentialDecay") throw new Error(`unexpected schedule ${String(class_name)}`);
      options[key] = createSchedule("exponential_decay", rest as Record<string, number | boolean>);
    } else {
      options[key] = value as number | boolean | null;
    }
  }
  return options;
}
