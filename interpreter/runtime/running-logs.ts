// The loss and metrics of a pass over batches (an epoch of fit, or an evaluate), as running
// means weighted by batch size: Keras' `logs`.
import { createMetric, type Metric } from "../../stdlib/metrics/index.ts";
import type { Executor, ModelRuntime } from "./model-runtime.ts";

export type Logs = Record<string, number>;

export class RunningLogs {
  private readonly metrics: { name: string; metric: Metric }[];
  private readonly classes: number;
  private lossSum = 0;
  private seen = 0;

  constructor(
    private readonly runtime: ModelRuntime,
    names: readonly string[],
  ) {
    // `loss` is always reported; the other names are metrics matched to the loss (Keras).
    this.metrics = names
      .filter((name) => name !== "loss")
      .map((name) => ({ name, metric: createMetric(name, { loss: runtime.loss.name }) }));
    this.classes = runtime.model.outputShape.at(-1) ?? 1;
  }

  reset(): void {
    this.lossSum = 0;
    this.seen = 0;
    for (const { metric } of this.metrics) metric.reset();
  }

  /** Adds a batch the executor has just run forward, with its loss. */
  async add(executor: Executor, loss: number): Promise<void> {
    this.lossSum += loss * executor.batch;
    this.seen += executor.batch;
    if (this.metrics.length === 0) return;
    const predictions = await this.runtime.backend.read(executor.output.tensor);
    const labels = await this.runtime.backend.read(executor.y.tensor);
    for (const { metric } of this.metrics) metric.update(predictions, labels, executor.batch, this.classes);
  }

  /** The running sums of an epoch in progress, for a checkpoint taken between steps. */
  state(): { loss: number; seen: number; metrics: number[][] } {
    return { loss: this.lossSum, seen: this.seen, metrics: this.metrics.map(({ metric }) => metric.state()) };
  }

  restore(state: { loss: number; seen: number; metrics: readonly (readonly number[])[] }): void {
    this.lossSum = state.loss;
    this.seen = state.seen;
    this.metrics.forEach(({ metric }, i) => metric.restore(state.metrics[i]!));
  }

  logs(): Logs {
    const logs: Logs = { loss: this.lossSum / this.seen };
    for (const { name, metric } of this.metrics) logs[name] = metric.result();
    return logs;
  }
}
