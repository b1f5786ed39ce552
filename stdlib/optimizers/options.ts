// Optimizer options as users write them (Keras argument names), resolved against an entry's defaults.
import type { LearningRateSchedule } from "../schedules/schedule.ts";

export type OptionValue = number | boolean | null | undefined | LearningRateSchedule;
export type OptimizerOptions = Readonly<Record<string, OptionValue>>;

/** Options every optimizer accepts (Keras' base Optimizer arguments); null means unset. */
export const commonOptions: Readonly<Record<string, string>> = {
  learning_rate: "step size, a number or a learning-rate schedule",
  weight_decay: "decoupled weight decay: w -= w*weight_decay*lr before each update",
  clipnorm: "clip each gradient to this L2 norm",
  clipvalue: "clip each gradient element to [-clipvalue, clipvalue]",
  global_clipnorm: "clip all gradients together to this global L2 norm",
};

/** Resolved hyper-parameters, defaults filled in. */
export class Hyper {
  constructor(
    readonly optimizer: string,
    private readonly values: OptimizerOptions,
  ) {}

  number(name: string): number {
    const value = this.values[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`${this.optimizer}: option "${name}" must be a finite number`);
    }
    return value;
  }

  /** A number, or undefined when the option is unset (null). */
  optionalNumber(name: string): number | undefined {
    return this.values[name] === null || this.values[name] === undefined ? undefined : this.number(name);
  }

  boolean(name: string): boolean {
    const value = this.values[name];
    if (typeof value !== "boolean") throw new Error(`${this.optimizer}: option "${name}" must be true or false`);
    return value;
  }

  learningRate(): number | LearningRateSchedule {
    const value = this.values.learning_rate;
    if (typeof value === "object" && value !== null) return value;
    return this.number("learning_rate");
  }
}
