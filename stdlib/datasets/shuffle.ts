import { Random } from "../../interpreter/autograd/random.ts";
import { sizeOf } from "../../interpreter/backends/backend.ts";
import type { Dataset } from "./dataset.ts";

/**
 * The example order for one epoch: a fresh permutation of 0..count-1 drawn from `rng`.
 * Pass the previous epoch's array as `reuse` to avoid allocating; it is reset to the identity
 * first, so the order depends only on the rng state, not on earlier epochs.
 */
export function epochOrder(count: number, rng: Random, reuse?: Uint32Array): Uint32Array {
  const order = reuse !== undefined && reuse.length === count ? reuse : new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  rng.shuffle(order);
  return order;
}

/**
 * `shuffle seed=N` in a `data` block: the examples in one seeded random order, drawn once before
 * the validation split, so a file sorted by class still gives a validation part with every class
 * (what Keras users do with their arrays before `fit`). Returns a copy.
 */
export function shuffleExamples(ds: Dataset, seed: number): Dataset {
  const order = epochOrder(ds.count, new Random(seed));
  const featureSize = sizeOf(ds.featureShape);
  const labelSize = sizeOf(ds.labelShape);
  const features = new Float32Array(ds.features.length);
  const labels = new Float32Array(ds.labels.length);
  order.forEach((from, to) => {
    features.set(ds.features.subarray(from * featureSize, (from + 1) * featureSize), to * featureSize);
    labels.set(ds.labels.subarray(from * labelSize, (from + 1) * labelSize), to * labelSize);
  });
  return { ...ds, features, labels };
}
