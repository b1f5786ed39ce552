// Feeds examples to an executor batch by batch. The host staging buffers are made once per
// batch size, so moving data in allocates nothing per step.
import { sizeOf } from "../backends/backend.ts";
import type { Dataset } from "../../stdlib/datasets/dataset.ts";
import { gatherBatch } from "../../stdlib/datasets/batch.ts";
import { DataError } from "../../stdlib/datasets/data-error.ts";
import type { Executor, ModelRuntime } from "./model-runtime.ts";

interface Staging {
  x: Float32Array;
  y: Float32Array;
}

export class Batcher {
  private readonly staging = new Map<number, Staging>();

  constructor(
    private readonly runtime: ModelRuntime,
    private readonly seed: number,
    /** Whether the executors need a backward pass (training) or only a forward one. */
    private readonly gradients: boolean,
  ) {}

  /** Number of steps to cover `count` examples. */
  static steps(count: number, batch: number): number {
    return Math.ceil(count / batch);
  }

  /** Writes batch `step` (examples order[step*batch …]) into its executor and returns it. */
  load(ds: Dataset, order: ArrayLike<number>, step: number, batch: number): Executor {
    const start = step * batch;
    const size = Math.min(batch, order.length - start);
    const executor = this.runtime.executor(size, this.seed, this.gradients);
    let staging = this.staging.get(size);
    if (!staging) {
      checkLabels(ds, executor);
      staging = { x: new Float32Array(executor.x.tensor.size), y: new Float32Array(executor.y.tensor.size) };
      this.staging.set(size, staging);
    }
    gatherBatch(ds, order, start, size, staging.x, staging.y);
    this.runtime.backend.write(executor.x.tensor, staging.x);
    this.runtime.backend.write(executor.y.tensor, staging.y);
    return executor;
  }
}

function checkLabels(ds: Dataset, executor: Executor): void {
  const perExample = executor.y.tensor.size / executor.batch;
  const scores = executor.output.shape.at(-1) ?? 1;
  if (perExample === 1 && ds.labelShape.length === 0 && ds.numClasses !== undefined && ds.numClasses > scores && scores > 1) {
    const names = ds.classes ? ` (${ds.classes.join(", ")})` : "";
    throw new DataError(
      `the data has ${ds.numClasses} classes${names}, but the model outputs ${scores} scores`,
      undefined,
      undefined,
      `make the last layer \`layer dense ${ds.numClasses} softmax\``,
    );
  }
  if (sizeOf(ds.labelShape) !== perExample) {
    const shape = `(${ds.labelShape.join(", ")})`;
    throw new DataError(
      `each label has shape ${shape}, but the model and loss need ${perExample} value${perExample === 1 ? "" : "s"} per example`,
      undefined,
      undefined,
      ds.labelShape.length === 0
        ? "class labels need `sparse_categorical_crossentropy`, or `one_hot` in the data block"
        : "check the loss and the last layer",
    );
  }
}
