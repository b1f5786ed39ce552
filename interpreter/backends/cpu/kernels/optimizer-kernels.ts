// The optimizer, gradient-clipping and weight-regularizer kernels, as one list for index.ts.
import { adagradUpdate } from "./optimizer-adagrad.ts";
import { adamUpdate } from "./optimizer-adam.ts";
import { clipByNorm, clipByValue, sumOfSquares } from "./optimizer-clip.ts";
import { regularizerGradient, regularizerPenalty } from "./optimizer-regularizer.ts";
import { rmspropUpdate } from "./optimizer-rmsprop.ts";
import { sgdMomentumUpdate, sgdUpdate } from "./optimizer-sgd.ts";
import { weightDecayUpdate } from "./optimizer-weight-decay.ts";

export const optimizerKernels = {
  sgd_update: sgdUpdate,
  sgd_momentum_update: sgdMomentumUpdate,
  adam_update: adamUpdate,
  rmsprop_update: rmspropUpdate,
  adagrad_update: adagradUpdate,
  weight_decay_update: weightDecayUpdate,
  sum_of_squares: sumOfSquares,
  clip_by_norm: clipByNorm,
  clip_by_value: clipByValue,
  regularizer_penalty: regularizerPenalty,
  regularizer_gradient: regularizerGradient,
};
