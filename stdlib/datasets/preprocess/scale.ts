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
    return { splits: scale(splits, factor), replay: { scale: factor } };
  },
};

/** `scale k`: multiplies every feature of every split by k (e.g. 1/255 for pixels). Returns copies. */
export function scale<S extends { train: Dataset }>(splits: S, k: number): S {
  return mapSplits(splits, (ds) => {
    const features = new Float32Array(ds.features.length);
    for (let i = 0; i < features.length; i++) features[i] = ds.features[i]! * k;
    return { ...ds, features };
  });
}
