// Every optimizer by its name (Keras snake_case), and createOptimizer, which binds one to a
// backend and the parameter tensors it updates.
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import { completeConfig, type Config, type ConfigValue } from "../spec.ts";
import { adagrad } from "./adagrad.ts";
import { adam } from "./adam.ts";
import { adamw } from "./adamw.ts";
import { Optimizer } from "./optimizer.ts";
import { Hyper, type OptimizerOptions, type OptionValue } from "./options.ts";
import { rmsprop } from "./rmsprop.ts";
import { sgd } from "./sgd.ts";
import type { OptimizerSpec } from "./update-rule.ts";

export { Optimizer } from "./optimizer.ts";
export { type OptimizerOptions, type OptionValue } from "./options.ts";
export type { OptimizerSpec, UpdateRule } from "./update-rule.ts";

export const optimizers: Readonly<Record<string, OptimizerSpec>> = { sgd, adam, adamw, rmsprop, adagrad };

export const optimizerNames = Object.keys(optimizers);

/**
 * Creates an optimizer for `params`, allocating its slot tensors once. Options use the canonical
 * (Keras) names, as the checked program does; unset ones take the spec's defaults, null means
 * "not set" (as in Keras configs).
 */
export function createOptimizer(backend: Backend, name: string, options: OptimizerOptions | Config, params: readonly Tensor[]): Optimizer {
  const spec = optimizers[name];
  if (!spec) throw new Error(`unknown optimizer "${name}"; available: ${optimizerNames.join(", ")}`);
  return new Optimizer(spec, backend, params, new Hyper(name, completeConfig<OptionValue | ConfigValue>(name, spec, options)));
}
