// Evaluation and prediction: forward passes in inference mode (dropout off), batch by batch.
import type { Dataset } from "../../stdlib/datasets/dataset.ts";
import { createMetric } from "../../stdlib/metrics/index.ts";
import { Batcher } from "./batches.ts";
import type { ModelRuntime } from "./model-runtime.ts";

export type Logs = Record<string, number>;

/** Loss and metrics over a whole dataset, like Keras' model.evaluate. */
export async function evaluate(runtime: ModelRuntime, ds: Dataset, options: { batch: number; metrics: readonly string[]; seed?: number }): Promise<Logs> {
  const metrics = options.metrics.filter((m) => m !== "loss").map((name) => ({ name, metric: createMetric(name, { loss: runtime.loss.name }) }));
  const batcher = new Batcher(runtime, options.seed ?? 0);
  const order = identity(ds.count);
  const classes = runtime.model.outputShape.at(-1) ?? 1;
  let lossSum = 0;
  for (let step = 0; step < Batcher.steps(ds.count, options.batch); step++) {
    const executor = batcher.load(ds, order, step, options.batch);
    executor.graph.training = false;
    executor.plan.forward();
    executor.graph.training = true;
    const [loss] = await runtime.backend.read(executor.loss.tensor);
    lossSum += loss! * executor.batch;
    if (metrics.length) {
      const predictions = await runtime.backend.read(executor.output.tensor);
      const labels = await runtime.backend.read(executor.y.tensor);
      for (const { metric } of metrics) metric.update(predictions, labels, executor.batch, classes);
    }
  }
  const logs: Logs = { loss: lossSum / ds.count + (await runtime.penaltyValue()) };
  for (const { name, metric } of metrics) logs[name] = metric.result();
  return logs;
}

/** The model's outputs for every example, row-major [count, ...output shape]; labels are ignored. */
export async function predict(runtime: ModelRuntime, features: Dataset, batch = 32): Promise<Float32Array> {
  const batcher = new Batcher(runtime, 0);
  // The graph computes a loss too; give it neutral labels of the shape it expects.
  const labelShape = runtime.sparseLabels ? [] : [...runtime.model.outputShape];
  const ds = { ...features, labelShape, labels: new Float32Array(features.count * labelShape.reduce((a, b) => a * b, 1)) };
  const order = identity(ds.count);
  const outputSize = runtime.model.outputShape.reduce((a, b) => a * b, 1);
  const result = new Float32Array(ds.count * outputSize);
  for (let step = 0; step < Batcher.steps(ds.count, batch); step++) {
    const executor = batcher.load(ds, order, step, batch);
    executor.graph.training = false;
    executor.plan.forward();
    executor.graph.training = true;
    result.set(await runtime.backend.read(executor.output.tensor), step * batch * outputSize);
  }
  return result;
}

function identity(count: number): Uint32Array {
  return Uint32Array.from({ length: count }, (_, i) => i);
}
