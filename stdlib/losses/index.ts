// Every loss by its dl name (Keras' snake_case loss strings).
import { binaryCrossentropy } from "./binary_crossentropy.ts";
import { categoricalCrossentropy } from "./categorical_crossentropy.ts";
import { huber } from "./huber.ts";
import type { Loss } from "./loss.ts";
import { meanAbsoluteError } from "./mean_absolute_error.ts";
import { meanSquaredError } from "./mean_squared_error.ts";
import { sparseCategoricalCrossentropy } from "./sparse_categorical_crossentropy.ts";

export type { Loss, LossOptions } from "./loss.ts";

export const losses: ReadonlyMap<string, Loss> = new Map(
  [meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy].map((entry) => [
    entry.name,
    entry,
  ]),
);

export function loss(name: string): Loss {
  const entry = losses.get(name);
  if (!entry) throw new Error(`unknown loss "${name}"; available: ${[...losses.keys()].join(", ")}`);
  return entry;
}
