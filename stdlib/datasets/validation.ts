import { DataError } from "./data-error.ts";
import { sliceDataset, type Dataset } from "./dataset.ts";

/**
 * Keras `validation_split` semantics: the LAST `fraction` of the examples, in file order and
 * before any shuffling, become the validation set; split at floor(count × (1 − fraction)).
 * Both parts are views on the original buffers.
 */
export function splitValidation(ds: Dataset, fraction: number): { train: Dataset; validation: Dataset } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new DataError(`validation fraction must be between 0 and 1 (exclusive), got ${fraction}`);
  }
  const splitAt = Math.floor(ds.count * (1 - fraction));
  if (splitAt === 0 || splitAt === ds.count) {
    throw new DataError(`validation ${fraction} of ${ds.count} examples leaves an empty training or validation set`);
  }
  return { train: sliceDataset(ds, 0, splitAt), validation: sliceDataset(ds, splitAt, ds.count) };
}
