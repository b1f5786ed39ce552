// An optimizer bound to a backend and a fixed list of parameter tensors. Each step runs, in
// Keras 3 order, gradient clipping, decoupled weight decay, then the optimizer's own update,
// all as backend kernels: step() only queues work and never reads back, so it is synchronous.
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import type { KernelName } from "../../interpreter/backends/kernel-names.ts";
import type { LearningRateSchedule } from "../schedules/schedule.ts";
import { clippingKernels, createClipper, resolveClipping } from "./clipping.ts";
import type { Hyper } from "./options.ts";
import type { OptimizerSpec, UpdateRule } from "./update-rule.ts";

export class Optimizer {
  /** Updates applied so far (Keras `iterations`); the next step uses t = iterations + 1. */
  iterations = 0;
  /** A number or a step-indexed schedule; a training loop may replace it (e.g. reduce-on-plateau). */
  learningRate: number | LearningRateSchedule;
  /** Every kernel this optimizer runs, for checking a backend up front. */
  readonly kernels: readonly KernelName[];
  private readonly rule: UpdateRule;
  private readonly clip: ReturnType<typeof createClipper>;
  private readonly weightDecay: number | undefined;

  constructor(
    readonly entry: OptimizerSpec,
    private readonly backend: Backend,
    readonly params: readonly Tensor[],
    hyper: Hyper,
  ) {
    this.learningRate = hyper.learningRate();
    // Unset or 0: no decay step at all.
    this.weightDecay = hyper.optionalNumber("weight_decay") || undefined;
    const clipping = resolveClipping(hyper);
    this.rule = entry.createRule(backend, params, hyper);
    this.kernels = [
      ...clippingKernels(clipping),
      ...(this.weightDecay === undefined ? [] : (["weight_decay_update"] as const)),
      ...this.rule.kernels,
    ];
    const missing = this.kernels.filter((k) => !backend.kernels.has(k));
    if (missing.length > 0) throw new Error(`backend "${backend.name}" lacks kernels: ${missing.join(", ")}`);
    this.clip = createClipper(backend, clipping);
  }

  get name(): string {
    return this.entry.name;
  }

  /** Slot tensors by Keras name, one per parameter. */
  get slots(): Readonly<Record<string, readonly Tensor[]>> {
    return this.rule.slots;
  }

  /** The learning rate the next step will use. */
  currentLearningRate(): number {
    return typeof this.learningRate === "number" ? this.learningRate : this.learningRate.rate(this.iterations);
  }

  /** Applies one update from `grads` (same order and shapes as the parameters). Clips grads in place. */
  step(grads: readonly Tensor[]): void {
    if (grads.length !== this.params.length) {
      throw new Error(`${this.name}: got ${grads.length} gradients for ${this.params.length} parameters`);
    }
    grads.forEach((g, i) => {
      if (g.size !== this.params[i]!.size) throw new Error(`${this.name}: gradient ${i} has the wrong size`);
    });
    const lr = this.currentLearningRate();
    const t = this.iterations + 1;
    this.clip(grads);
    if (this.weightDecay !== undefined) {
      for (const param of this.params) {
        this.backend.run("weight_decay_update", [param], [param], { lr, weight_decay: this.weightDecay });
      }
    }
    grads.forEach((g, i) => this.rule.apply(i, g, lr, t));
    this.iterations = t;
  }

  /** Frees the slot and scratch tensors (not the parameters). */
  dispose(): void {
    for (const tensors of Object.values(this.rule.slots)) for (const t of tensors) this.backend.dispose(t);
    this.clip.dispose();
  }
}
