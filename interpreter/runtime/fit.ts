// The training loop, Keras' model.fit: epochs of shuffled batches, one optimizer step per
// batch, validation at the end of each epoch, early stopping and plateau schedules, and a
// clear stop when the loss stops being a number.
import type { Dataset } from "../../stdlib/datasets/dataset.ts";
import { epochOrder } from "../../stdlib/datasets/shuffle.ts";
import { createOptimizer } from "../../stdlib/optimizers/index.ts";
import { Random, type RandomState } from "../autograd/random.ts";
import type { Tensor } from "../backends/backend.ts";
import { createSchedule, ReduceOnPlateau } from "../../stdlib/schedules/index.ts";
import type { CheckedTrain } from "../check/checked.ts";
import { Batcher } from "./batches.ts";
import { writeCheckpoint, type CheckpointSettings, type TrainingState } from "./checkpoint.ts";
import { BadWeightsFile, TrainingDiverged, TrainingInterrupted } from "./errors.ts";
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
  /** A checkpoint was written after `step` steps of epoch `epoch + 1` (0: at the end of epoch `epoch`). */
  checkpointWritten?(path: string, epoch: number, step: number): void;
}

/** Checkpoints, resuming and interruption, for a run that keeps checkpoints or can be stopped. */
export interface FitControl {
  checkpoint?: CheckpointSettings & { fingerprint: string };
  /** The state to continue from (`dl run --resume`). */
  resume?: { path: string; state: TrainingState };
  /** Aborted (Ctrl-C): stop after the current step, writing a checkpoint when the run keeps them. */
  signal?: AbortSignal;
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
  control: FitControl = {},
): Promise<History> {
  const { backend } = runtime;
  const random = new Random(options.seed);
  const shuffleRandom = random.fork();
  const batchSeed = random.nextUint32();
  const batcher = new Batcher(runtime, batchSeed, true);
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

  // Everything the loop carries from one step to the next, as a checkpoint holds it.
  const capture = async (
    epoch: number,
    step: number,
    rateBefore: number,
    stopped: boolean,
    shuffleState = shuffleRandom.state(),
  ): Promise<TrainingState> => {
    const read = async (tensors: readonly { name: string; tensor: Tensor }[]) =>
      new Map(await Promise.all(tensors.map(async ({ name, tensor }) => [name, await backend.read(tensor)] as const)));
    const slots = Object.entries(optimizer.slots).flatMap(([slot, tensors]) =>
      tensors.map((tensor, i) => ({ name: `${slot}/${i}`, tensor })),
    );
    const stoppingState = stopping?.state();
    return {
      epoch,
      step,
      stopped,
      rateBefore,
      iterations: optimizer.iterations,
      ...(plateau ? { learningRate: optimizer.currentLearningRate(), plateau: plateau.state() } : {}),
      shuffle: shuffleState,
      dropout: runtime.randomStates(),
      ...(stoppingState ? { stopping: stoppingState.counters } : {}),
      ...(step > 0 ? { running: running.state() } : {}),
      fingerprint: control.checkpoint?.fingerprint ?? "",
      weights: await read(runtime.weights),
      slots: await read(slots),
      ...(stoppingState?.best ? { bestWeights: new Map(runtime.weights.map((w, i) => [w.name, stoppingState.best![i]!])) } : {}),
    };
  };
  const save = async (epoch: number, step: number, rateBefore: number, stopped: boolean, shuffleState?: RandomState) => {
    if (!control.checkpoint) return undefined;
    const path = writeCheckpoint(control.checkpoint, await capture(epoch, step, rateBefore, stopped, shuffleState));
    reporter.checkpointWritten?.(path, epoch, step);
    return path;
  };

  let firstEpoch = 1;
  let firstStep = 0;
  let resumedRate: number | undefined;
  const resume = control.resume?.state;
  if (resume) {
    const file = control.resume!.path;
    const values = (group: Map<string, Float32Array>, prefix: string, name: string, size: number): Float32Array => {
      const found = group.get(name);
      if (found?.length !== size)
        throw new BadWeightsFile(file, `${prefix}/${name}`, found ? `${found.length} values for ${size}` : "missing");
      return found;
    };
    runtime.weights.forEach((w) => backend.write(w.tensor, values(resume.weights, "weights", w.name, w.tensor.size)));
    for (const [slot, tensors] of Object.entries(optimizer.slots))
      tensors.forEach((t, i) => backend.write(t, values(resume.slots, "optimizer", `${slot}/${i}`, t.size)));
    optimizer.iterations = resume.iterations;
    if (plateau && resume.learningRate !== undefined) optimizer.learningRate = resume.learningRate;
    if (plateau && resume.plateau) plateau.restore(resume.plateau);
    if (stopping && resume.stopping) {
      const best = resume.bestWeights;
      stopping.restore(resume.stopping, best ? runtime.weights.map((w) => values(best, "best", w.name, w.tensor.size)) : undefined);
    }
    try {
      shuffleRandom.restore(resume.shuffle);
      runtime.restoreRandomStates(resume.dropout, batchSeed);
    } catch {
      throw new BadWeightsFile(file, "dl.checkpoint", "its random generators do not fit this model's dropout layers");
    }
    if (resume.stopped || resume.epoch >= options.epochs) {
      const message = stopping ? await stopping.finish() : undefined;
      if (message && resume.stopped) reporter.stopped?.(message, resume.epoch);
      return history;
    }
    firstEpoch = resume.epoch + 1;
    firstStep = resume.step;
    resumedRate = resume.rateBefore;
  }

  let stoppedEarly = false;
  let lastTurn = performance.now();
  for (let epoch = firstEpoch; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const rateBefore = resumedRate ?? (options.schedule ? optimizer.currentLearningRate() : 0);
    resumedRate = undefined;
    reporter.epochBegin?.(epoch, options.epochs, steps);
    const shuffleAtStart = shuffleRandom.state();
    if (options.shuffle) order = epochOrder(train.count, shuffleRandom, order);
    running.reset();
    const startStep = firstStep;
    if (startStep > 0 && resume?.running) running.restore(resume.running);
    firstStep = 0;
    for (let step = startStep; step < steps; step++) {
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
      // Steps whose reads resolve at once never give the event loop a turn; Ctrl-C needs one.
      if (control.signal && performance.now() - lastTurn > 50) {
        await new Promise((resolve) => (globalThis.setImmediate ?? setTimeout)(resolve));
        lastTurn = performance.now();
      }
      if (control.signal?.aborted && step + 1 < steps) {
        throw new TrainingInterrupted(epoch, step + 1, await save(epoch - 1, step + 1, rateBefore, false, shuffleAtStart));
      }
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
    stoppedEarly = stopping !== undefined && (await stopping.update(epoch, logs));
    const every = control.checkpoint?.every ?? 1;
    const last = stoppedEarly || epoch === options.epochs;
    const written =
      epoch % every === 0 || last || control.signal?.aborted
        ? await save(epoch, 0, options.schedule ? optimizer.currentLearningRate() : 0, stoppedEarly)
        : undefined;
    if (stoppedEarly) {
      const message = await stopping!.finish();
      reporter.stopped?.(message, epoch);
      break;
    }
    if (control.signal?.aborted && !last) throw new TrainingInterrupted(epoch, 0, written);
  }
  if (stopping && !stoppedEarly) await stopping.finish();
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

  /** Its counters and best weights, for a checkpoint. */
  state(): { counters: { best: number; bestEpoch: number; wait: number }; best: Float32Array[] | undefined } {
    return { counters: { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait }, best: this.bestWeights };
  }

  restore(counters: { best: number; bestEpoch: number; wait: number }, best: Float32Array[] | undefined): void {
    ({ best: this.best, bestEpoch: this.bestEpoch, wait: this.wait } = counters);
    this.bestWeights = best;
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
