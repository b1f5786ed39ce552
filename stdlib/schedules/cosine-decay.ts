// lr_k = initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(k, decay_steps) / decay_steps)) + alpha), after an optional linear warmup.
// Keras: keras.optimizers.schedules.CosineDecay.
import { numberOption, type LearningRateSchedule, type ScheduleOptions } from "./schedule.ts";

export function cosineDecay(options: ScheduleOptions): LearningRateSchedule {
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
