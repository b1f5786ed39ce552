// lr_k = initial_learning_rate * decay_rate^(k / decay_steps), floor(k / decay_steps) when staircase.
// Keras: keras.optimizers.schedules.ExponentialDecay.
import { bool, number } from "../values.ts";
import { numberOption, type LearningRateSchedule, type ScheduleOptions, type StepScheduleSpec } from "./schedule.ts";

export const exponentialDecay: StepScheduleSpec = {
  name: "exponential_decay",
  keras: "keras.optimizers.schedules.ExponentialDecay",
  doc: "the rate times decay_rate every decay_steps updates, smoothly",
  args: [],
  options: [
    { name: "decay_steps", type: number, doc: "updates over which the rate is multiplied by decay_rate", default: null },
    { name: "decay_rate", type: number, doc: "multiplier per decay_steps updates", default: null },
    { name: "staircase", type: bool, doc: "decay in whole steps (floor of k / decay_steps)", default: false },
  ],
  create: exponentialDecaySchedule,
};

export function exponentialDecaySchedule(options: ScheduleOptions): LearningRateSchedule {
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
