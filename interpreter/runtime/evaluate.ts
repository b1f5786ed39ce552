// Evaluation and prediction: forward passes in inference mode (dropout off), batch by batch.
import type { Dataset } from "../../stdlib/datasets/dataset.ts";
import { Batcher } from "./batches.ts";
import type { Executor, ModelRuntime } from "./model-runtime.ts";
import { RunningLogs, type Logs } from "./running-logs.ts";

export type { Logs } from "./running-logs.ts";

/** Loss and metrics over a whole dataset, like Keras' model.evaluate. */
export async function evaluate(runtime: ModelRuntime, ds: Dataset, options: { batch: number; metrics: readonly string[] }): Promise<Logs> {
  const batcher = new Batcher(runtime, 0, false);
  const order = identity(ds.count);
  const running = new RunningLogs(runtime, options.metrics);
  for (let step = 0; step < Batcher.steps(ds.count, options.batch); step++) {
    const executor = batcher.load(ds, order, step, options.batch);
    forwardInference(executor);
    const [loss] = await runtime.backend.read(executor.loss.tensor);
    await running.add(executor, loss!);
  }
  const logs = running.logs();
  logs["loss"]! += await runtime.penaltyValue();
  return logs;
}

/** The model's outputs for every example, row-major [count, ...output shape]; labels are ignored. */
export async function predict(runtime: ModelRuntime, features: Dataset, batch = 32): Promise<Float32Array> {
  const batcher = new Batcher(runtime, 0, false);
  // The graph computes a loss too; give it neutral labels of the shape it expects.
  const labelShape = runtime.sparseLabels ? [] : [...runtime.model.outputShape];
  const ds = { ...features, labelShape, labels: new Float32Array(features.count * labelShape.reduce((a, b) => a * b, 1)) };
  const order = identity(ds.count);
  const outputSize = runtime.model.outputShape.reduce((a, b) => a * b, 1);
  const result = new Float32Array(ds.count * outputSize);
  for (let step = 0; step < Batcher.steps(ds.count, batch); step++) {
    const executor = batcher.load(ds, order, step, batch);
    forwardInference(executor);
    result.set(await runtime.backend.read(executor.output.tensor), step * batch * outputSize);
  }
  return result;
}

/** A forward pass with dropout off and moving statistics in use. */
function forwardInference(executor: Executor): void {
  executor.graph.training = false;
  executor.plan.forward();
  executor.graph.training = true;
}

function identity(count: number): Uint32Array {
  return Uint32Array.from({ length: count }, (_, i) => i);
}
