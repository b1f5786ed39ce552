import { mapSplits, type Dataset } from "../dataset.ts";

/** `scale k`: multiplies every feature of every split by k (e.g. 1/255 for pixels). Returns copies. */
export function scale<S extends { train: Dataset }>(splits: S, k: number): S {
  return mapSplits(splits, (ds) => {
    const features = new Float32Array(ds.features.length);
    for (let i = 0; i < features.length; i++) features[i] = ds.features[i]! * k;
    return { ...ds, features };
  });
}
