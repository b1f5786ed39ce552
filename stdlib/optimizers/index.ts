// Optimizers by name (Keras snake_case), and createOptimizer, which binds one to a backend
// and the parameter tensors it updates.
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import { adagrad } from "./adagrad.ts";
import { adam } from "./adam.ts";
import { adamw } from "./adamw.ts";
import { Optimizer } from "./optimizer.ts";
import { commonOptions, Hyper, type OptimizerOptions } from "./options.ts";
import { rmsprop } from "./rmsprop.ts";
import { sgd } from "./sgd.ts";
import type { OptimizerEntry } from "./update-rule.ts";

export { Optimizer } from "./optimizer.ts";
export { commonOptions, type OptimizerOptions, type OptionValue } from "./options.ts";
export type { OptimizerEntry, UpdateRule } from "./update-rule.ts";

export const optimizers: Readonly<Record<string, OptimizerEntry>> = { sgd, adam, adamw, rmsprop, adagrad };

export const optimizerNames = Object.keys(optimizers);

/** All option names an optimizer accepts with their descriptions (common ones included). */
export function optimizerOptions(name: string): Readonly<Record<string, string>> {
  return { ...commonOptions, ...lookup(name).options };
}

/**
 * Creates an optimizer for `params`, allocating its slot tensors once. Options use Keras names;
 * unset ones take the entry's defaults, null means "not set" (as in Keras configs).
 */
export function createOptimizer(
  backend: Backend,
  name: string,
  options: OptimizerOptions,
  params: readonly Tensor[],
): Optimizer {
  const entry = lookup(name);
  const known = optimizerOptions(name);
  for (const key of Object.keys(options)) {
    if (!(key in known)) {
      throw new Error(`${name}: unknown option "${key}"; available: ${Object.keys(known).join(", ")}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return new Optimizer(entry, backend, params, new Hyper(name, { ...entry.defaults, ...defined }));
}

function lookup(name: string): OptimizerEntry {
  const entry = optimizers[name];
  if (!entry) throw new Error(`unknown optimizer "${name}"; available: ${optimizerNames.join(", ")}`);
  return entry;
}
