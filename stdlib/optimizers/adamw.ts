// w -= w*weight_decay*lr, then the Adam update.
// Keras: keras.optimizers.AdamW (the decoupled decay is the shared weight_decay step, default 0.004 here).
import { adam, createAdamRule } from "./adam.ts";
import type { OptimizerEntry } from "./update-rule.ts";

export const adamw: OptimizerEntry = {
  name: "adamw",
  keras: "keras.optimizers.AdamW",
  defaults: { ...adam.defaults, weight_decay: 0.004 },
  options: adam.options,
  kernels: ["weight_decay_update", "adam_update"],
  createRule: createAdamRule,
};
