// Typed reads of kernel attributes with defaults, so kernels stay one-liners about math.
import type { KernelAttrs } from "../../backend.ts";

export function numberAttr(attrs: KernelAttrs, name: string, fallback: number): number {
  const value = attrs[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new Error(`kernel attribute "${name}" must be a number`);
  return value;
}

export function boolAttr(attrs: KernelAttrs, name: string): boolean {
  return attrs[name] === true;
}

/** Size of the last axis (1 for a scalar). */
export function lastDim(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1]!;
}
