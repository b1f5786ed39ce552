// lr_k = initial_learning_rate * decay_rate^(k / decay_steps), floor(k / decay_steps) when staircase.
// Keras: keras.optimizers.schedules.ExponentialDecay.
import { numberOption, type LearningRateSchedule, type ScheduleOptions } from "./schedule.ts";

export function exponentialDecay(options: ScheduleOptions): LearningRateSchedule {
  const initial = numberOption(options, "initial_learning_rate");
  const decaySteps = numberOption(options, "decay_steps");
  const decayRate = numberOption(options, "decay_rate");
  const staircase = options.staircase === true;
  if (decaySteps <= 0) throw new Error("exponential_decay: decay_steps must be positive");
  return {
    name: "exponential_decay",
    rate(step) {
      const progress = step / decaySteps;
      return initial * Math.pow(decayRate, staircase ? Math.floor(progress) : progress);
    },
  };
}
