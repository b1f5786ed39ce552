// lr_k = initial_learning_rate * decay_rate^floor(k / decay_steps): drops by decay_rate every decay_steps updates.
// Keras: keras.optimizers.schedules.ExponentialDecay(..., staircase=True).
import { exponentialDecay } from "./exponential-decay.ts";
import type { LearningRateSchedule, ScheduleOptions } from "./schedule.ts";

export function stepDecay(options: ScheduleOptions): LearningRateSchedule {
  const staircased = exponentialDecay({ ...options, staircase: true });
  return { name: "step_decay", rate: (step) => staircased.rate(step) };
}
