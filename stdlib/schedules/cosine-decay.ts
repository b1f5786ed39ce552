// lr_k = initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(k, decay_steps) / decay_steps)) + alpha), after an optional linear warmup.
// Keras: keras.optimizers.schedules.CosineDecay.
import { number } from "../values.ts";
import { numberOption, type LearningRateSchedule, type ScheduleOptions, type StepScheduleSpec } from "./schedule.ts";

export const cosineDecay: StepScheduleSpec = {
  name: "cosine_decay",
  keras: "keras.optimizers.schedules.CosineDecay",
  doc: "the rate follows a half cosine down to alpha times its peak, after an optional warmup",
  args: [],
  options: [
    { name: "decay_steps", type: number, doc: "updates over which the rate follows the half cosine", default: null },
    { name: "alpha", type: number, doc: "final rate as a fraction of the peak rate", default: 0 },
    { name: "warmup_target", type: number, doc: "peak rate reached linearly after warmup_steps (no warmup when unset)", default: null },
    { name: "warmup_steps", type: number, doc: "updates of linear warmup before the decay", default: 0 },
  ],
  create: cosineDecaySchedule,
};

function cosineDecaySchedule(options: ScheduleOptions): LearningRateSchedule {
  const initial = numberOption(options, "initial_learning_rate");
  const decaySteps = numberOption(options, "decay_steps");
  const alpha = numberOption(options, "alpha", 0);
  const warmupSteps = numberOption(options, "warmup_steps", 0);
  // Keras: without warmup_target there is no warmup and the decay starts from the initial rate.
  const warmupTarget = options.warmup_target === undefined ? undefined : numberOption(options, "warmup_target");
  if (decaySteps <= 0) throw new Error("cosine_decay: decay_steps must be positive");
  const peak = warmupTarget ?? initial;
  const warmup = warmupTarget === undefined ? 0 : warmupSteps;
  return {
    name: "cosine_decay",
    rate(step) {
      if (step < warmup) return initial + ((peak - initial) * step) / warmup;
      const progress = Math.min(step - warmup, decaySteps) / decaySteps;
      return peak * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * progress)) + alpha);
    },
  };
}
