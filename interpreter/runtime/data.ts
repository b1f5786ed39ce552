// Loads the data a `data` block describes and prepares it for one model: its `shuffle`, the
// validation split (Keras: the last fraction), then preprocessing with statistics from the
// training part only, then the examples reshaped to the model's input.
import { DataError } from "../../stdlib/datasets/data-error.ts";
import { sizeOf } from "../backends/backend.ts";
import { mapSplits, type DataSplits, type Dataset } from "../../stdlib/datasets/dataset.ts";
import { loadSource } from "../../stdlib/datasets/index.ts";
import { preprocessSteps, type FeatureStep } from "../../stdlib/datasets/preprocess/index.ts";
import { shuffleExamples } from "../../stdlib/datasets/shuffle.ts";
import { splitValidation } from "../../stdlib/datasets/validation.ts";
import type { CheckedData } from "../check/checked.ts";

export interface Splits {
  /** Training and validation examples together, for `evaluate MODEL on DATA`. */
  all: Dataset;
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
}

export interface PreparedData {
  splits: Splits;
  /** The feature preprocessing, replayed on new inputs at prediction time. */
  preprocess: FeatureStep[];
}

export type { FeatureStep } from "../../stdlib/datasets/preprocess/index.ts";

export type Split = "train" | "validation" | "test" | "all";

/**
 * Loads and preprocesses; `file` is the .dl file, which relative paths are resolved against.
 * `loaded` is the source's data when the caller has read it itself (a web page fetches its files).
 */
export function prepareData(data: CheckedData, file: string, loaded?: DataSplits): PreparedData {
  const { name, config } = data.source;
  // Preprocess the whole training file and the test split once, then split off validation as
  // views: statistics come from the training part only, and nothing is copied twice.
  const loadedSplits = loaded ?? loadSource(name, config, dirname(file));
  let whole = data.shuffle === undefined ? loadedSplits : { ...loadedSplits, train: shuffleExamples(loadedSplits.train, data.shuffle) };
  const validationSplit = () => (data.validation > 0 ? splitValidation(whole.train, data.validation) : { train: whole.train });
  const preprocess: FeatureStep[] = [];
  for (const step of data.steps) {
    const { splits, replay } = preprocessSteps[step.name]!.transform(whole, step.config, () => validationSplit().train);
    whole = splits;
    if (replay) preprocess.push(replay);
  }
  return { splits: { all: whole.train, ...validationSplit(), ...(whole.test ? { test: whole.test } : {}) }, preprocess };
}

/** Applies the recorded feature steps to new inputs (the rows given to `dl predict`). */
export function replayPreprocess(ds: Dataset, steps: readonly FeatureStep[]): Dataset {
  let features = ds.features;
  for (const step of steps) {
    const next = new Float32Array(features.length);
    if ("scale" in step) {
      for (let i = 0; i < features.length; i++) next[i] = features[i]! * step.scale;
    } else {
      const { mean, std } = step.standardize;
      for (let i = 0; i < features.length; i++) next[i] = (features[i]! - mean[i % mean.length]!) / std[i % std.length]!;
    }
    features = next;
  }
  return { ...ds, features };
}

/** The part of the data a step works on. */
export function pickSplit(data: Splits, split: Split, dataName: string): Dataset {
  if (split === "all") return data.all;
  if (split === "train") return data.train;
  const part = data[split];
  if (!part) {
    throw new DataError(
      split === "test" ? `data \`${dataName}\` has no test split` : `data \`${dataName}\` has no validation split`,
      undefined,
      undefined,
      split === "test" ? `evaluate on \`${dataName}\` or \`${dataName}.validation\` instead` : "add `validation 0.2` to the data block",
    );
  }
  return part;
}

/** Views each split's examples with the model's input shape (same number of values). */
export function fitToInput<S extends { train: Dataset }>(data: S, inputShape: readonly number[], dataName: string): S {
  return mapSplits(data, (ds) => {
    if (sizeOf(ds.featureShape) !== sizeOf(inputShape)) {
      throw new DataError(
        `examples of \`${dataName}\` have shape (${ds.featureShape.join(", ")}), which does not fit the model input (${inputShape.join(", ")})`,
        undefined,
        undefined,
        `change the model's first line to \`input ${ds.featureShape.join(" ")}\``,
      );
    }
    return { ...ds, featureShape: [...inputShape] };
  });
}

/** The .dl file's folder. node:path is fetched here, not imported, so that the API bundles for a web page. */
function dirname(file: string): string {
  return process.getBuiltinModule("node:path").dirname(file);
}
