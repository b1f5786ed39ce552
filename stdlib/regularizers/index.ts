// Weight regularizers by name, Keras defaults. Kernels: regularizer_penalty, regularizer_gradient.
import { completeConfig } from "../spec.ts";
import { l1L2 } from "./l1-l2.ts";
import { l1 } from "./l1.ts";
import { l2 } from "./l2.ts";
import { Regularizer, type RegularizerSpec } from "./regularizer.ts";

export { Regularizer, type RegularizerSpec } from "./regularizer.ts";

export type RegularizerOptions = Readonly<{ l1?: number; l2?: number }>;

export const regularizers: Readonly<Record<string, RegularizerSpec>> = { l1, l2, l1_l2: l1L2 };

export const regularizerNames = Object.keys(regularizers);

export function createRegularizer(name: string, options: RegularizerOptions = {}): Regularizer {
  const spec = regularizers[name];
  if (!spec) throw new Error(`unknown regularizer "${name}"; available: ${regularizerNames.join(", ")}`);
  const config = completeConfig(name, spec, options);
  return new Regularizer(name, (config["l1"] as number | undefined) ?? 0, (config["l2"] as number | undefined) ?? 0);
}
