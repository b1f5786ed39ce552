// Every learning-rate schedule by name. Step-indexed schedules go into an optimizer's
// learning_rate; reduce_on_plateau is epoch-level and is driven by the training loop (see
// reduce-on-plateau.ts). The initial rate is the optimizer's, so no schedule line sets it.
import { completeConfig, type NamedSpec } from "../spec.ts";
import { cosineDecay } from "./cosine-decay.ts";
import { exponentialDecay } from "./exponential-decay.ts";
import { reduceOnPlateau } from "./reduce-on-plateau.ts";
import type { LearningRateSchedule, ScheduleOptions, StepScheduleSpec } from "./schedule.ts";
import { stepDecay } from "./step-decay.ts";

export type { LearningRateSchedule, ScheduleOptions, StepScheduleSpec } from "./schedule.ts";
export { ReduceOnPlateau, type ReduceOnPlateauOptions } from "./reduce-on-plateau.ts";

export const stepSchedules: Readonly<Record<string, StepScheduleSpec>> = {
  exponential_decay: exponentialDecay,
  step_decay: stepDecay,
  cosine_decay: cosineDecay,
};

/** Every schedule a `schedule` line can name. */
export const schedules: readonly NamedSpec[] = [...Object.values(stepSchedules), reduceOnPlateau];

/** A step-indexed schedule; `options` holds initial_learning_rate and the schedule's own options. */
export function createSchedule(name: string, options: ScheduleOptions): LearningRateSchedule {
  const spec = stepSchedules[name];
  if (!spec) throw new Error(`unknown learning-rate schedule "${name}"; available: ${Object.keys(stepSchedules).join(", ")}`);
  const { initial_learning_rate, ...own } = options;
  return spec.create({ ...(completeConfig(name, spec, own) as ScheduleOptions), initial_learning_rate });
}
