// lr = max(lr * factor, min_lr) once the monitored value has not improved by min_delta for patience epochs.
// Keras: keras.callbacks.ReduceLROnPlateau (epoch-level; the training loop feeds it the monitored value).
import { monitored } from "../metrics/index.ts";
import type { NamedSpec } from "../spec.ts";
import { choice, number } from "../values.ts";

export interface ReduceOnPlateauOptions {
  /** Name of the monitored value; "auto" mode maximises it when the name contains "acc". */
  readonly monitor?: string;
  readonly factor?: number;
  readonly patience?: number;
  readonly mode?: "auto" | "min" | "max";
  readonly min_delta?: number;
  readonly cooldown?: number;
  readonly min_lr?: number;
}

const reduceOnPlateauDefaults = {
  monitor: "val_loss",
  factor: 0.1,
  patience: 10,
  mode: "auto",
  min_delta: 1e-4,
  cooldown: 0,
  min_lr: 0,
} as const;

export const reduceOnPlateau: NamedSpec = {
  name: "reduce_on_plateau",
  keras: "keras.callbacks.ReduceLROnPlateau",
  doc: "the rate times factor when the monitored value stops improving",
  args: [],
  options: [
    { name: "monitor", type: choice("a monitored value", monitored), doc: "value to watch", default: reduceOnPlateauDefaults.monitor },
    { name: "factor", type: number, doc: "multiplier of the rate at each reduction", default: reduceOnPlateauDefaults.factor },
    { name: "patience", type: number, doc: "epochs without improvement before a reduction", default: reduceOnPlateauDefaults.patience },
    { name: "min_delta", type: number, doc: "smallest change that counts as an improvement", default: reduceOnPlateauDefaults.min_delta },
    { name: "cooldown", type: number, doc: "epochs to wait after a reduction", default: reduceOnPlateauDefaults.cooldown },
    { name: "min_lr", type: number, doc: "lowest rate", default: reduceOnPlateauDefaults.min_lr },
  ],
};

export class ReduceOnPlateau {
  readonly monitor: string;
  private readonly factor: number;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private readonly maximize: boolean;
  private best: number;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(options: ReduceOnPlateauOptions = {}) {
    const o = { ...reduceOnPlateauDefaults, ...options };
    if (!(o.factor < 1)) throw new Error("reduce_on_plateau: factor must be < 1");
    this.monitor = o.monitor;
    this.factor = o.factor;
    this.patience = o.patience;
    this.minDelta = Math.abs(o.min_delta);
    this.cooldown = o.cooldown;
    this.minLr = o.min_lr;
    this.maximize = o.mode === "max" || (o.mode === "auto" && o.monitor.includes("acc"));
    this.best = this.maximize ? -Infinity : Infinity;
  }

  /** What it has seen (best value, epochs waited, cooldown left), for a checkpoint. */
  state(): number[] {
    return [this.best, this.wait, this.cooldownLeft];
  }

  restore([best, wait, cooldownLeft]: readonly number[]): void {
    [this.best, this.wait, this.cooldownLeft] = [best!, wait!, cooldownLeft!];
  }

  /** Called once per epoch with the monitored value and the current rate; returns the rate to use next. */
  update(value: number, learningRate: number): number {
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    const improved = this.maximize ? value > this.best + this.minDelta : value < this.best - this.minDelta;
    if (improved) {
      this.best = value;
      this.wait = 0;
      return learningRate;
    }
    if (this.cooldownLeft > 0) return learningRate;
    this.wait++;
    if (this.wait < this.patience || learningRate <= this.minLr) return learningRate;
    this.cooldownLeft = this.cooldown;
    this.wait = 0;
    return Math.max(learningRate * this.factor, this.minLr);
  }
}
