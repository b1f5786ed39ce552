// In-memory examples: flat Float32Arrays plus per-example shapes, so batching is a plain copy.
import { sizeOf } from "../../interpreter/backends/backend.ts";

export interface Dataset {
  /** count × product(featureShape) values, example-major. */
  features: Float32Array;
  /** Shape of one example, without the batch axis. */
  featureShape: number[];
  /** count × product(labelShape) values, example-major. */
  labels: Float32Array;
  /** [] for a class index, [k] for one-hot or regression targets. */
  labelShape: number[];
  count: number;
  /** Class names, index i naming class i, when labels are classes. */
  classes?: string[];
  numClasses?: number;
}

export interface DataSplits {
  train: Dataset;
  test?: Dataset;
}

/** Examples [start, end) as a dataset sharing the original buffers (no copy). */
export function sliceDataset(ds: Dataset, start: number, end: number): Dataset {
  const featureSize = sizeOf(ds.featureShape);
  const labelSize = sizeOf(ds.labelShape);
  return {
    ...ds,
    features: ds.features.subarray(start * featureSize, end * featureSize),
    labels: ds.labels.subarray(start * labelSize, end * labelSize),
    count: end - start,
  };
}

/**
 * Applies `transform` to every split (train, test, validation, …), keeping the structure.
 * `name` is the split's key, for error messages.
 */
export function mapSplits<S extends { train: Dataset }>(splits: S, transform: (ds: Dataset, name: string) => Dataset): S {
  const result: Record<string, unknown> = {};
  for (const [name, ds] of Object.entries(splits)) {
    result[name] = ds === undefined ? undefined : transform(ds as Dataset, name);
  }
  return result as S;
}
