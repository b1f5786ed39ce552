// lr_k = initial_learning_rate * decay_rate^floor(k / decay_steps): drops by decay_rate every decay_steps updates.
// Keras: keras.optimizers.schedules.ExponentialDecay(..., staircase=True).
import { number } from "../values.ts";
import { exponentialDecaySchedule } from "./exponential-decay.ts";
import type { StepScheduleSpec } from "./schedule.ts";

export const stepDecay: StepScheduleSpec = {
  name: "step_decay",
  keras: "keras.optimizers.schedules.ExponentialDecay(staircase=True)",
  doc: "the rate times decay_rate after every decay_steps updates",
  args: [],
  options: [
    { name: "decay_steps", type: number, doc: "updates between two drops", default: null },
    { name: "decay_rate", type: number, doc: "multiplier applied at each drop", default: null },
  ],
  create(options) {
    const staircased = exponentialDecaySchedule({ ...options, staircase: true });
    return { name: "step_decay", rate: (step) => staircased.rate(step) };
  },
};
