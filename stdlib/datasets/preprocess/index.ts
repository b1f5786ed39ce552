// The preprocessing steps a `data` block can list, in the order written.
import { oneHotStep } from "./one-hot.ts";
import type { PreprocessStep } from "./preprocess-step.ts";
import { scaleStep } from "./scale.ts";
import { standardizeStep } from "./standardize.ts";

export type { FeatureStep, PreprocessStep } from "./preprocess-step.ts";

export const preprocessSteps: Readonly<Record<string, PreprocessStep>> = {
  scale: scaleStep,
  standardize: standardizeStep,
  one_hot: oneHotStep,
};
