// A learning-rate schedule: the rate for update k (k = updates already applied, 0 first),
// evaluated on the host each step, so the optimizer passes a plain number to its kernels.
import type { NamedSpec } from "../spec.ts";

export interface LearningRateSchedule {
  /** Registry name, e.g. "exponential_decay". */
  readonly name: string;
  rate(step: number): number;
}

/** Option values a schedule accepts (Keras argument names). */
export type ScheduleOptions = Readonly<Record<string, number | boolean | undefined>>;

/** A step-indexed schedule: its description and how to make one from the optimizer's initial rate. */
export interface StepScheduleSpec extends NamedSpec {
  /** `options` holds the bound options and initial_learning_rate. */
  create(options: ScheduleOptions): LearningRateSchedule;
}

export function numberOption(options: ScheduleOptions, name: string, fallback?: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`schedule option "${name}" must be a finite number`);
  }
  return value;
}
