// Initializers by name (Keras snake_case) and `initialize`, which fills a new parameter.
import type { Shape } from "../../interpreter/backends/backend.ts";
import type { Random } from "../../interpreter/autograd/random.ts";
import { completeConfig } from "../spec.ts";
import { constant, ones, zeros } from "./constant.ts";
import { glorotNormal, glorotUniform } from "./glorot.ts";
import { heNormal, heUniform } from "./he.ts";
import type { InitializerOptions, InitializerSpec } from "./initializer.ts";
import { lecunNormal, lecunUniform } from "./lecun.ts";
import { lstmBias } from "./lstm-bias.ts";
import { orthogonal } from "./orthogonal.ts";
import { randomNormal, randomUniform, truncatedNormalInitializer } from "./random-distributions.ts";

export { computeFans } from "./fans.ts";
export type { InitializerOptions, InitializerSpec } from "./initializer.ts";

export const initializers: Readonly<Record<string, InitializerSpec>> = Object.fromEntries(
  [
    glorotUniform,
    glorotNormal,
    heUniform,
    heNormal,
    lecunUniform,
    lecunNormal,
    zeros,
    ones,
    constant,
    randomUniform,
    randomNormal,
    truncatedNormalInitializer,
    orthogonal,
    lstmBias,
  ].map((entry) => [entry.name, entry]),
);

export const initializerNames = Object.keys(initializers);

/** A new float32 array of `shape` filled by the named initializer, drawing from `rng`. */
export function initialize(name: string, shape: Shape, rng: Random, options: InitializerOptions = {}): Float32Array {
  const spec = initializers[name];
  if (!spec) throw new Error(`unknown initializer "${name}"; available: ${initializerNames.join(", ")}`);
  return spec.fill(shape, rng, completeConfig(name, spec, options) as InitializerOptions);
}
