// n = max(1, fan) with fan = fan_in, fan_out or their mean; uniform: U(±sqrt(3*scale/n));
// normal: truncated normal (±2 stddev) with stddev = sqrt(scale/n)/0.87962566103423978.
// Keras: keras.initializers.VarianceScaling, the base of the glorot/he/lecun initializers.
import type { Shape } from "../../interpreter/backends/backend.ts";
import { sizeOf } from "../../interpreter/backends/backend.ts";
import type { Random } from "../../interpreter/autograd/random.ts";
import { computeFans } from "./fans.ts";
import { truncatedNormal, type InitializerSpec } from "./initializer.ts";

export type FanMode = "fan_in" | "fan_out" | "fan_avg";

/** Std of a standard normal truncated to [-2, 2]; dividing by it restores the requested std. */
const TRUNCATED_STD = 0.87962566103423978;

export function varianceScaling(
  shape: Shape,
  rng: Random,
  scale: number,
  mode: FanMode,
  distribution: "uniform" | "truncated_normal",
): Float32Array {
  const { fanIn, fanOut } = computeFans(shape);
  const fan = mode === "fan_in" ? fanIn : mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
  const variance = scale / Math.max(1, fan);
  const out = new Float32Array(sizeOf(shape));
  if (distribution === "uniform") {
    const limit = Math.sqrt(3 * variance);
    for (let i = 0; i < out.length; i++) out[i] = (2 * rng.uniform() - 1) * limit;
  } else {
    const stddev = Math.sqrt(variance) / TRUNCATED_STD;
    for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(rng) * stddev;
  }
  return out;
}

/** A registry entry for a fixed VarianceScaling configuration. */
export function varianceScalingEntry(
  name: string,
  keras: string,
  scale: number,
  mode: FanMode,
  distribution: "uniform" | "truncated_normal",
): InitializerSpec {
  return {
    name,
    keras,
    doc: `VarianceScaling(scale=${scale}, mode=${mode}, distribution=${distribution})`,
    args: [],
    options: [],
    fill: (shape, rng) => varianceScaling(shape, rng, scale, mode, distribution),
  };
}
