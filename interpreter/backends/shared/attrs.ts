// Typed reads of kernel attributes (shared by every backend), so kernels stay one-liners about math.
import type { KernelAttrs } from "../backend.ts";
import { recurrentActivations, type RecurrentActivation } from "../kernel-names.ts";

export function numberAttr(attrs: KernelAttrs, name: string, fallback: number): number {
  const value = attrs[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new Error(`kernel attribute "${name}" must be a number`);
  return value;
}

/** A number every caller gives (an optimizer's hyper-parameters), so there is no default. */
export function requiredNumberAttr(attrs: KernelAttrs, name: string): number {
  const value = attrs[name];
  if (typeof value !== "number") throw new Error(`kernel attribute "${name}" must be a number`);
  return value;
}

export function boolAttr(attrs: KernelAttrs, name: string): boolean {
  return attrs[name] === true;
}

/** The `activation` a recurrent kernel runs its cell with. */
export function recurrentActivationAttr(attrs: KernelAttrs): RecurrentActivation {
  const activation = recurrentActivations.find((name) => name === attrs["activation"]);
  if (!activation) throw new Error(`kernel attribute "activation" must be one of ${recurrentActivations.join(", ")}`);
  return activation;
}

/** Size of the last axis (1 for a scalar). */
export function lastDim(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1]!;
}
