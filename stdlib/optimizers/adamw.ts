// w -= w*weight_decay*lr, then the Adam update.
// Keras: keras.optimizers.AdamW (the decoupled decay is the shared weight_decay step, default 0.004 here).
import { adamOptions, createAdamRule } from "./adam.ts";
import { commonOptions } from "./options.ts";
import type { OptimizerSpec } from "./update-rule.ts";

export const adamw: OptimizerSpec = {
  name: "adamw",
  keras: "keras.optimizers.AdamW",
  doc: "Adam with decoupled weight decay",
  args: [],
  options: [...adamOptions, ...commonOptions.map((o) => (o.name === "weight_decay" ? { ...o, default: 0.004 } : o))],
  kernels: ["weight_decay_update", "adam_update"],
  createRule: createAdamRule,
};
