// Reads the numeric hyper-parameters optimizer kernels receive, failing loudly when one is missing.
import type { KernelAttrs } from "../../backend.ts";

export function numberAttr(attrs: KernelAttrs, name: string): number {
  const value = attrs[name];
  if (typeof value !== "number") throw new Error(`kernel attribute "${name}" must be a number`);
  return value;
}
