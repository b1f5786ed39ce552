// What a preprocessing step of a `data` block provides: its description, and its transform of
// every split, with what prediction must replay on new inputs.
import type { Config, NamedSpec } from "../../spec.ts";
import type { DataSplits, Dataset } from "../dataset.ts";

/** A feature transform with the statistics it was fitted with (labels are not touched at prediction). */
export type FeatureStep = { scale: number } | { standardize: { mean: number[]; std: number[] } };

export interface PreprocessStep extends NamedSpec {
  /**
   * `splits` are the pipeline's own (every source loads fresh arrays), so a step may overwrite
   * their features instead of copying them. `fitOn` gives the training examples (validation held
   * out) that statistics come from.
   */
  transform(splits: DataSplits, config: Config, fitOn: () => Dataset): { splits: DataSplits; replay?: FeatureStep };
}
