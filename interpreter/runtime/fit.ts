// The training loop, Keras' model.fit: epochs of shuffled batches, one optimizer step per
// batch, validation at the end of each epoch, early stopping and plateau schedules, and a
// clear stop when the loss stops being a number.
import type { Dataset } from "../../stdlib/datasets/dataset.ts";
import { epochOrder } from "../../stdlib/datasets/shuffle.ts";
import { createOptimizer } from "../../stdlib/optimizers/index.ts";
import { Random } from "../autograd/random.ts";
import { createSchedule, ReduceOnPlateau } from "../../stdlib/schedules/index.ts";
import type { CheckedTrain } from "../check/checked.ts";
import { Batcher } from "./batches.ts";
import { TrainingDiverged } from "./errors.ts";
import { evaluate } from "./evaluate.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import { RunningLogs, type Logs } from "./running-logs.ts";

export interface FitReporter {
  epochBegin?(epoch: number, epochs: number, steps: number): void;
  /** After each step, with the running means of the epoch so far. */
  batchEnd?(step: number, steps: number, logs: Logs): void;
  epochEnd?(epoch: number, epochs: number, logs: Logs, seconds: number): void;
  /** Early stopping ended training after `epoch`. */
  stopped?(message: string, epoch: number): void;
  /** The learning rate at the end of `epoch` differs from the one the epoch began with (a schedule), or the plateau schedule lowered it for the next epoch. */
  learningRateChanged?(epoch: number, previous: number, current: number, by: string): void;
}

export type FitOptions = Pick<
  CheckedTrain,
  "optimizer" | "schedule" | "earlyStopping" | "metrics" | "epochs" | "batch" | "seed" | "shuffle"
>;

export interface History {
  epochs: Logs[];
}

export async function fit(
  runtime: ModelRuntime,
  train: Dataset,
  validation: Dataset | undefined,
  options: FitOptions,
  reporter: FitReporter = {},
): Promise<History> {
  const { backend } = runtime;
  const random = new Random(options.seed);
  const shuffleRandom = random.fork();
  const batcher = new Batcher(runtime, random.nextUint32(), true);
  const optimizer = createOptimizer(
    backend,
    options.optimizer.name,
    options.optimizer.config,
    runtime.trainable.map((w) => w.tensor),
  );
  const plateau =
    options.schedule?.name === "reduce_on_plateau" ? new ReduceOnPlateau(options.schedule.config as Record<string, number>) : undefined;
  if (options.schedule && !plateau) {
    optimizer.learningRate = createSchedule(options.schedule.name, {
      ...options.schedule.config,
      initial_learning_rate: optimizer.currentLearningRate(),
    } as Record<string, number>);
  }
  const stopping = options.earlyStopping ? new EarlyStopping(options.earlyStopping, runtime) : undefined;
  const running = new RunningLogs(runtime, options.metrics);
  const steps = Batcher.steps(train.count, options.batch);
  let order: Uint32Array = Uint32Array.from({ length: train.count }, (_, i) => i);
  const history: History = { epochs: [] };

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const rateBefore = options.schedule ? optimizer.currentLearningRate() : 0;
    reporter.epochBegin?.(epoch, options.epochs, steps);
    if (options.shuffle) order = epochOrder(train.count, shuffleRandom, order);
    running.reset();
    for (let step = 0; step < steps; step++) {
      const executor = batcher.load(train, order, step, options.batch);
      executor.plan.forward();
      executor.plan.backward();
      const penalty = await runtime.penaltyValue();
      runtime.addPenaltyGradients(executor);
      optimizer.step(executor.grads);
      const [dataLoss] = await backend.read(executor.loss.tensor);
      const loss = dataLoss! + penalty;
      if (!Number.isFinite(loss)) throw new TrainingDiverged(epoch, step + 1, loss);
      await running.add(executor, loss);
      if (reporter.batchEnd) reporter.batchEnd(step + 1, steps, running.logs());
    }
    const logs = running.logs();
    if (validation) {
      const val = await evaluate(runtime, validation, { batch: options.batch, metrics: options.metrics });
      for (const [key, value] of Object.entries(val)) logs[`val_${key}`] = value;
    }
    history.epochs.push(logs);
    reporter.epochEnd?.(epoch, options.epochs, logs, (performance.now() - started) / 1000);
    if (options.schedule && !plateau) {
      const rate = optimizer.currentLearningRate();
      if (rate !== rateBefore) reporter.learningRateChanged?.(epoch, rateBefore, rate, options.schedule.name);
    }
    if (plateau) {
      optimizer.learningRate = plateau.update(monitoredValue(logs, plateau.monitor), optimizer.currentLearningRate());
      const rate = optimizer.currentLearningRate();
      // A cut after the last epoch never takes effect, so it goes unsaid.
      if (rate !== rateBefore && epoch < options.epochs) reporter.learningRateChanged?.(epoch, rateBefore, rate, "reduce_on_plateau");
    }
    if (stopping && (await stopping.update(epoch, logs))) {
      const message = await stopping.finish();
      reporter.stopped?.(message, epoch);
      break;
    }
  }
  if (stopping && history.epochs.length === options.epochs) await stopping.finish();
  return history;
}

function monitoredValue(logs: Logs, monitor: string): number {
  const value = logs[monitor];
  if (value === undefined) throw new Error(`cannot monitor \`${monitor}\`: this run reports ${Object.keys(logs).join(", ")}`);
  return value;
}

/** Keras' EarlyStopping: stop after `patience` epochs without improvement; optionally go back to the best weights. */
class EarlyStopping {
  private best = Infinity;
  private bestEpoch = 0;
  private bestWeights: Float32Array[] | undefined;
  private wait = 0;
  private readonly maximize: boolean;

  constructor(
    private readonly config: Readonly<Record<string, unknown>>,
    private readonly runtime: ModelRuntime,
  ) {
    this.maximize = String(config["monitor"]).includes("acc");
    if (this.maximize) this.best = -Infinity;
  }

  /** Returns true when training should stop. */
  async update(epoch: number, logs: Logs): Promise<boolean> {
    const value = monitoredValue(logs, String(this.config["monitor"]));
    const delta = Number(this.config["min_delta"] ?? 0);
    const improved = this.maximize ? value > this.best + delta : value < this.best - delta;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.config["restore_best"])
        this.bestWeights = await Promise.all(this.runtime.weights.map((w) => this.runtime.backend.read(w.tensor)));
      return false;
    }
    this.wait++;
    return this.wait >= Number(this.config["patience"]);
  }

  /** Restores the best weights when asked to, and says what happened. */
  async finish(): Promise<string> {
    const monitor = String(this.config["monitor"]);
    if (this.bestWeights) {
      this.runtime.weights.forEach((w, i) => this.runtime.backend.write(w.tensor, this.bestWeights![i]!));
      return `early stopping: restored the weights of epoch ${this.bestEpoch} (best ${monitor} ${this.best.toFixed(4)})`;
    }
    return `early stopping: ${monitor} stopped improving after epoch ${this.bestEpoch}`;
  }
}
