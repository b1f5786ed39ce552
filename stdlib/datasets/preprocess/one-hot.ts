import { DataError } from "../data-error.ts";
import { mapSplits, type Dataset } from "../dataset.ts";
import type { PreprocessStep } from "./preprocess-step.ts";

export const oneHotStep: PreprocessStep = {
  name: "one_hot",
  keras: "keras.utils.to_categorical",
  doc: "class labels → one-hot vectors",
  args: [],
  options: [],
  transform: (splits) => ({ splits: oneHot(splits) }),
};

/**
 * `one_hot`: class-index labels (labelShape []) → vectors of length numClasses (labelShape [k]).
 * The training split's numClasses defines k for every split.
 */
export function oneHot<S extends { train: Dataset }>(splits: S): S {
  const k = splits.train.numClasses;
  if (k === undefined || splits.train.labelShape.length !== 0) {
    throw new DataError("one_hot needs class-index labels (a classification source, or csv/json with classes=true)");
  }
  return mapSplits(splits, (ds, name) => {
    if (ds.labelShape.length !== 0) throw new DataError(`one_hot: ${name} labels are not class indices`);
    const labels = new Float32Array(ds.count * k);
    for (let n = 0; n < ds.count; n++) {
      const label = ds.labels[n]!;
      if (!Number.isInteger(label) || label < 0 || label >= k) {
        throw new DataError(`one_hot: ${name} example ${n} has label ${label}, expected 0..${k - 1}`);
      }
      labels[n * k + label] = 1;
    }
    return { ...ds, labels, labelShape: [k], numClasses: k };
  });
}
