// Weight regularizers by name, Keras defaults. Kernels: regularizer_penalty, regularizer_gradient.
import { Regularizer } from "./regularizer.ts";

export { Regularizer } from "./regularizer.ts";

export type RegularizerOptions = Readonly<{ l1?: number; l2?: number }>;

export interface RegularizerEntry {
  readonly name: string;
  readonly keras: string;
  readonly defaults: Readonly<{ l1: number; l2: number }>;
  /** Options this regularizer accepts, with a description each. */
  readonly options: Readonly<Record<string, string>>;
}

const l1Option = { l1: "weight of sum(|w|)" };
const l2Option = { l2: "weight of sum(w^2)" };

export const regularizers: Readonly<Record<string, RegularizerEntry>> = {
  // penalty = l1 * sum(|w|)
  l1: { name: "l1", keras: "keras.regularizers.L1", defaults: { l1: 0.01, l2: 0 }, options: l1Option },
  // penalty = l2 * sum(w^2)
  l2: { name: "l2", keras: "keras.regularizers.L2", defaults: { l1: 0, l2: 0.01 }, options: l2Option },
  // penalty = l1 * sum(|w|) + l2 * sum(w^2)
  l1_l2: {
    name: "l1_l2",
    keras: "keras.regularizers.L1L2",
    defaults: { l1: 0, l2: 0 },
    options: { ...l1Option, ...l2Option },
  },
};

export const regularizerNames = Object.keys(regularizers);

export function createRegularizer(name: string, options: RegularizerOptions = {}): Regularizer {
  const entry = regularizers[name];
  if (!entry) throw new Error(`unknown regularizer "${name}"; available: ${regularizerNames.join(", ")}`);
  for (const key of Object.keys(options)) {
    if (!(key in entry.options)) throw new Error(`${name}: unknown option "${key}"`);
  }
  const { l1, l2 } = { ...entry.defaults, ...options };
  return new Regularizer(name, l1, l2);
}
