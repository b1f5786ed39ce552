// Options every optimizer accepts (Keras' base Optimizer arguments), and the resolved values an
// update rule reads.
import type { LearningRateSchedule } from "../schedules/schedule.ts";
import type { ArgSpec } from "../spec.ts";
import { aboveZero, number } from "../values.ts";

export type OptionValue = number | boolean | null | undefined | LearningRateSchedule;
export type OptimizerOptions = Readonly<Record<string, OptionValue>>;

/** Keras' `learning_rate`, which .dl files may spell `lr`; each optimizer has its own default. */
export function learningRate(value: number): ArgSpec {
  return {
    name: "learning_rate",
    aliases: ["lr"],
    type: aboveZero,
    doc: "step size, a number or a learning-rate schedule",
    default: value,
  };
}

/** The base Optimizer's options after an optimizer's own; null: unset, as in Keras configs. */
export const commonOptions: readonly ArgSpec[] = [
  { name: "weight_decay", type: number, doc: "decoupled weight decay: w -= w*weight_decay*lr before each update", default: null },
  { name: "clipnorm", type: number, doc: "clip each gradient to this L2 norm", default: null },
  { name: "clipvalue", type: number, doc: "clip each gradient element to [-clipvalue, clipvalue]", default: null },
  { name: "global_clipnorm", type: number, doc: "clip all gradients together to this global L2 norm", default: null },
];

/** Resolved hyper-parameters, every default filled in (by the checker's binder, or completeConfig). */
export class Hyper {
  constructor(
    readonly optimizer: string,
    private readonly values: Readonly<Record<string, unknown>>,
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
    const value = this.values["learning_rate"];
    if (typeof value === "object" && value !== null) return value as LearningRateSchedule;
    return this.number("learning_rate");
  }
}
