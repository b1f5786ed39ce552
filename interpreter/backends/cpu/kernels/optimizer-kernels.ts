// The optimizer, gradient-clipping and weight-regularizer kernels, as one list for index.ts.
import type { CpuKernel } from "../kernel.ts";
import { adagradUpdate } from "./optimizer-adagrad.ts";
import { adamUpdate } from "./optimizer-adam.ts";
import { clipByNorm, clipByValue, sumOfSquares } from "./optimizer-clip.ts";
import { regularizerGradient, regularizerPenalty } from "./optimizer-regularizer.ts";
import { rmspropUpdate } from "./optimizer-rmsprop.ts";
import { sgdMomentumUpdate, sgdUpdate } from "./optimizer-sgd.ts";
import { weightDecayUpdate } from "./optimizer-weight-decay.ts";

export const optimizerKernels: readonly CpuKernel[] = [
  sgdUpdate,
  sgdMomentumUpdate,
  adamUpdate,
  rmspropUpdate,
  adagradUpdate,
  weightDecayUpdate,
  sumOfSquares,
  clipByNorm,
  clipByValue,
  regularizerPenalty,
  regularizerGradient,
];
