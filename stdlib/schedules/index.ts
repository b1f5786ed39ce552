// Learning-rate schedules by name. Step-indexed schedules go into an optimizer's learning_rate;
// reduce_on_plateau is epoch-level and is driven by the training loop (see reduce-on-plateau.ts).
import { cosineDecay } from "./cosine-decay.ts";
import { exponentialDecay } from "./exponential-decay.ts";
import type { LearningRateSchedule, ScheduleOptions } from "./schedule.ts";
import { stepDecay } from "./step-decay.ts";

export type { LearningRateSchedule, ScheduleOptions } from "./schedule.ts";
export { ReduceOnPlateau, reduceOnPlateauDefaults, type ReduceOnPlateauOptions } from "./reduce-on-plateau.ts";

export interface ScheduleEntry {
  readonly name: string;
  readonly keras: string;
  readonly defaults: Readonly<Record<string, number | boolean>>;
  readonly options: Readonly<Record<string, string>>;
  create(options: ScheduleOptions): LearningRateSchedule;
}

export const schedules: Readonly<Record<string, ScheduleEntry>> = {
  exponential_decay: {
    name: "exponential_decay",
    keras: "keras.optimizers.schedules.ExponentialDecay",
    defaults: { staircase: false },
    options: {
      initial_learning_rate: "rate of the first update",
      decay_steps: "updates over which the rate is multiplied by decay_rate",
      decay_rate: "multiplier per decay_steps updates",
      staircase: "decay in whole steps (floor of k / decay_steps)",
    },
    create: exponentialDecay,
  },
  step_decay: {
    name: "step_decay",
    keras: "keras.optimizers.schedules.ExponentialDecay(staircase=True)",
    defaults: {},
    options: {
      initial_learning_rate: "rate of the first update",
      decay_steps: "updates between two drops",
      decay_rate: "multiplier applied at each drop",
    },
    create: stepDecay,
  },
  cosine_decay: {
    name: "cosine_decay",
    keras: "keras.optimizers.schedules.CosineDecay",
    defaults: { alpha: 0, warmup_steps: 0 },
    options: {
      initial_learning_rate: "rate of the first update",
      decay_steps: "updates over which the rate follows the half cosine",
      alpha: "final rate as a fraction of the peak rate",
      warmup_target: "peak rate reached linearly after warmup_steps (no warmup when unset)",
      warmup_steps: "updates of linear warmup before the decay",
    },
    create: cosineDecay,
  },
};

export const scheduleNames = Object.keys(schedules);

export function createSchedule(name: string, options: ScheduleOptions): LearningRateSchedule {
  const entry = schedules[name];
  if (!entry) throw new Error(`unknown learning-rate schedule "${name}"; available: ${scheduleNames.join(", ")}`);
  for (const key of Object.keys(options)) {
    if (!(key in entry.options)) throw new Error(`${name}: unknown option "${key}"`);
  }
  return entry.create({ ...entry.defaults, ...options });
}
