import { sizeOf } from "../../../interpreter/backends/backend.ts";
import { mapSplits, type Dataset } from "../dataset.ts";
import type { PreprocessStep } from "./preprocess-step.ts";

export const standardizeStep: PreprocessStep = {
  name: "standardize",
  keras: "keras.layers.Normalization",
  doc: "zero mean, unit variance per feature (statistics from the training split)",
  args: [],
  options: [],
  transform(splits, _config, fitOn) {
    const result = standardize(splits, fitOn());
    return { splits: result.splits, replay: { standardize: { mean: [...result.stats.mean], std: [...result.stats.std] } } };
  },
};

export interface FeatureStats {
  mean: Float32Array;
  std: Float32Array;
}

/**
 * `standardize`: (x − mean) / std per feature position, with mean and population std computed
 * on the TRAINING examples only (`statsFrom`, by default the train split) and applied to every
 * split, so no validation or test information leaks into training. Constant features get std 1.
 * Returns copies plus the stats (needed at inference).
 */
export function standardize<S extends { train: Dataset }>(
  splits: S,
  statsFrom: Dataset = splits.train,
): { splits: S; stats: FeatureStats } {
  const stats = featureStats(statsFrom);
  const size = stats.mean.length;
  const { mean, std } = stats;
  const standardized = mapSplits(splits, (ds) => {
    const features = new Float32Array(ds.features.length);
    for (let start = 0; start < features.length; start += size) {
      for (let i = 0; i < size; i++) features[start + i] = (ds.features[start + i]! - mean[i]!) / std[i]!;
    }
    return { ...ds, features };
  });
  return { splits: standardized, stats };
}

/** Mean and population standard deviation of each feature position (float64 accumulation). */
export function featureStats(ds: Dataset): FeatureStats {
  const size = sizeOf(ds.featureShape);
  const sum = new Float64Array(size);
  const sumSquares = new Float64Array(size);
  for (let n = 0; n < ds.count; n++) {
    for (let i = 0; i < size; i++) {
      const value = ds.features[n * size + i]!;
      sum[i]! += value;
      sumSquares[i]! += value * value;
    }
  }
  const mean = new Float32Array(size);
  const std = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const m = sum[i]! / ds.count;
    const variance = Math.max(0, sumSquares[i]! / ds.count - m * m);
    mean[i] = m;
    std[i] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}
