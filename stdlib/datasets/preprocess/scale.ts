import { aboveZero } from "../../values.ts";
import { mapSplits, type Dataset } from "../dataset.ts";
import type { PreprocessStep } from "./preprocess-step.ts";

export const scaleStep: PreprocessStep = {
  name: "scale",
  keras: "keras.layers.Rescaling",
  doc: "multiply every feature",
  args: [{ name: "factor", type: aboveZero, doc: "e.g. 1/255" }],
  options: [],
  transform(splits, config) {
    const factor = config["factor"] as number;
    return { splits: scaleInPlace(splits, factor), replay: { scale: factor } };
  },
};

/** `scale k`: multiplies every feature of every split by k (e.g. 1/255 for pixels). Returns copies. */
export function scale<S extends { train: Dataset }>(splits: S, k: number): S {
  return scaleInPlace(
    mapSplits(splits, (ds) => ({ ...ds, features: ds.features.slice() })),
    k,
  );
}

/**
 * `scale k` on splits the caller owns, overwriting their features: MNIST as float32 is 220 MB, and a
 * scaled copy beside it would double the data's share of peak memory. Returns the same splits.
 */
export function scaleInPlace<S extends { train: Dataset }>(splits: S, k: number): S {
  for (const ds of Object.values(splits) as (Dataset | undefined)[]) {
    if (ds === undefined) continue;
    const features = ds.features;
    for (let i = 0; i < features.length; i++) features[i] = features[i]! * k;
  }
  return splits;
}
