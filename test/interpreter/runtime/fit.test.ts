// The training loop's behaviour: early stopping (and going back to the best weights), the
// reduce-on-plateau schedule, and a clear TrainingDiverged when the loss stops being a number.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CheckedTrain } from "../../../interpreter/check/checked.ts";
import { fitToInput, prepareData } from "../../../interpreter/runtime/data.ts";
import { TrainingDiverged } from "../../../interpreter/runtime/errors.ts";
import { evaluate } from "../../../interpreter/runtime/evaluate.ts";
import { fit } from "../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { compile, CountingBackend } from "./helpers.ts";

/** The first model, data and train statement of a program, ready for fit(). */
function prepare(source: string) {
  const loaded = compile(source);
  const step = loaded.checked.workflow.find((s) => s.type === "train")!;
  const train = (step as { train: CheckedTrain }).train;
  const model = loaded.checked.models.get(train.model)!;
  const { splits } = prepareData(loaded.checked.data.get(train.data)!, "test.dl");
  const data = fitToInput(splits, model.inputShape, train.data);
  const backend = new CountingBackend();
  const runtime = new ModelRuntime(backend, model, train.loss, train.seed);
  return { runtime, backend, train, data };
}

const program = (trainSettings: string, data = "source iris\n  standardize\n  validation 0.2") => `model net {
  input 4
  layer dense 16 relu
  layer dense 3 softmax
}

data flowers {
  ${data}
}

train net on flowers {
${trainSettings
  .trim()
  .split("\n")
  .map((line) => `  ${line.trim()}`)
  .join("\n")}
}
`;

async function readWeights(runtime: ModelRuntime): Promise<Float32Array[]> {
  return Promise.all(runtime.weights.map((w) => runtime.backend.read(w.tensor)));
}

test("early stopping on an overfitting run stops `patience` epochs after the best val_loss and restores that epoch's weights", async () => {
  // 2,000 epochs of Adam at lr=0.05 on 120 iris rows overfit: val_loss turns up long before the end.
  const { runtime, train, data } = prepare(
    program(`optimizer adam lr=0.05
      loss sparse_categorical_crossentropy
      metrics accuracy
      epochs 2000
      batch 16
      seed 11
      early_stopping monitor=val_loss patience=5 restore_best=true`),
  );
  const snapshots: Promise<Float32Array[]>[] = [];
  const stopped: string[] = [];
  const history = await fit(runtime, data.train, data.validation, train, {
    // CpuBackend.read copies synchronously, so this is the state at the end of the epoch.
    epochEnd: () => void snapshots.push(readWeights(runtime)),
    stopped: (message) => void stopped.push(message),
  });
  const losses = history.epochs.map((logs) => logs["val_loss"]!);
  const best = losses.indexOf(Math.min(...losses));
  assert.ok(history.epochs.length < 2000, `ran all ${history.epochs.length} epochs`);
  assert.is(history.epochs.length, best + 1 + 5, `best epoch ${best + 1}, stopped after ${history.epochs.length}`);
  assert.equal(stopped, [`early stopping: restored the weights of epoch ${best + 1} (best val_loss ${losses[best]!.toFixed(4)})`]);
  const restored = await readWeights(runtime);
  const atBest = await snapshots[best]!;
  const atEnd = await snapshots[snapshots.length - 1]!;
  restored.forEach((w, i) => assert.equal(w, atBest[i], `${runtime.weights[i]!.name} is the best epoch's`));
  assert.not.equal(restored[0], atEnd[0], "the last epoch's weights were different");
  // And the model now scores exactly what it scored at its best epoch.
  const logs = await evaluate(runtime, data.validation!, { batch: 16, metrics: [] });
  assert.is(logs["loss"], losses[best]);
});

test("early stopping with restore_best=false keeps the last weights", async () => {
  const { runtime, train, data } = prepare(
    program(`optimizer adam lr=0.05
      loss sparse_categorical_crossentropy
      epochs 50
      batch 16
      early_stopping monitor=loss patience=2 min_delta=1000 restore_best=false`),
  );
  const snapshots: Promise<Float32Array[]>[] = [];
  const stopped: string[] = [];
  const history = await fit(runtime, data.train, data.validation, train, {
    epochEnd: () => void snapshots.push(readWeights(runtime)),
    stopped: (message) => void stopped.push(message),
  });
  // Epoch 1 improves on Infinity; nothing improves by 1000 after it, so epochs 2 and 3 end the run.
  assert.is(history.epochs.length, 3);
  assert.equal(stopped, ["early stopping: loss stopped improving after epoch 1"]);
  assert.equal(await readWeights(runtime), await snapshots[2]!);
});

const plateau = program(`optimizer adam lr=0.05
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 50
  batch 16
  early_stopping monitor=val_accuracy patience=3 min_delta=2 restore_best=true`);

test("early stopping on a plateau (min_delta larger than any change) stops at epoch 1 + patience and goes back to epoch 1", async () => {
  const { runtime, train, data } = prepare(plateau);
  const snapshots: Promise<Float32Array[]>[] = [];
  const stopped: string[] = [];
  const history = await fit(runtime, data.train, data.validation, train, {
    epochEnd: () => void snapshots.push(readWeights(runtime)),
    stopped: (message) => void stopped.push(message),
  });
  assert.is(history.epochs.length, 4);
  assert.equal(stopped, [
    `early stopping: restored the weights of epoch 1 (best val_accuracy ${history.epochs[0]!["val_accuracy"]!.toFixed(4)})`,
  ]);
  assert.equal(await readWeights(runtime), await snapshots[0]!);
  assert.not.equal(await snapshots[3]!, await snapshots[0]!);
});

// BUG (fit.ts): `reporter.stopped?.(await stopping.finish())` skips evaluating its argument when
// the reporter has no `stopped`, so finish() — which writes the best weights back — never runs.
test("early stopping restores the best weights also when the reporter has no `stopped` callback (fit(…) with no reporter)", async () => {
  const { runtime, train, data } = prepare(plateau);
  const snapshots: Promise<Float32Array[]>[] = [];
  const history = await fit(runtime, data.train, data.validation, train, { epochEnd: () => void snapshots.push(readWeights(runtime)) });
  assert.is(history.epochs.length, 4);
  assert.equal(await readWeights(runtime), await snapshots[0]!);
});

test("reduce_on_plateau multiplies the optimizer's learning rate by `factor` after `patience` epochs without improvement", async () => {
  const { runtime, backend, train, data } = prepare(
    program(`optimizer sgd lr=0.1
      schedule reduce_on_plateau monitor=loss factor=0.5 patience=2 min_delta=1000
      loss sparse_categorical_crossentropy
      epochs 7
      batch 120`),
  );
  backend.recordRates = true;
  await fit(runtime, data.train, data.validation, train);
  // One step per epoch (batch = all 120 rows), one update kernel per weight (4 weights).
  assert.is(backend.learningRates.length, 7 * 4);
  const perEpoch = backend.learningRates.filter((_, i) => i % 4 === 0);
  // Epoch 1 sets the best; epochs 2-3 do not improve by 1000 → lr halves for epoch 4; again after 5 → epoch 6.
  assert.equal(perEpoch, [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
});

test("reduce_on_plateau on a real run: the rate never rises and drops once val_loss stalls", async () => {
  const { runtime, backend, train, data } = prepare(
    program(`optimizer adam lr=0.05
      schedule reduce_on_plateau factor=0.2 patience=3
      loss sparse_categorical_crossentropy
      epochs 150
      batch 120
      seed 2`),
  );
  backend.recordRates = true;
  await fit(runtime, data.train, data.validation, train);
  const perEpoch = backend.learningRates.filter((_, i) => i % 4 === 0);
  assert.is(perEpoch[0], 0.05);
  for (let i = 1; i < perEpoch.length; i++) assert.ok(perEpoch[i]! <= perEpoch[i - 1]!, `rose at epoch ${i + 1}`);
  assert.ok(perEpoch[perEpoch.length - 1]! < 0.05 * 0.2 + 1e-12, `final lr ${perEpoch[perEpoch.length - 1]}`);
});

test("the reporter hears each learning-rate change: reduce_on_plateau's cuts after their epochs, step_decay's at epoch ends", async () => {
  const changes = async (schedule: string) => {
    const { runtime, train, data } = prepare(
      program(`optimizer sgd lr=0.1
        ${schedule}
        loss sparse_categorical_crossentropy
        epochs 7
        batch 120`),
    );
    const heard: unknown[][] = [];
    await fit(runtime, data.train, data.validation, train, { learningRateChanged: (...args) => void heard.push(args) });
    return heard;
  };
  assert.equal(await changes("schedule reduce_on_plateau monitor=loss factor=0.5 patience=2 min_delta=1000"), [
    [3, 0.1, 0.05, "reduce_on_plateau"],
    [5, 0.05, 0.025, "reduce_on_plateau"],
  ]);
  // One step per epoch: the rate halves after every 3 updates, at the ends of epochs 3 and 6.
  const steps = await changes("schedule step_decay decay_steps=3 decay_rate=0.5");
  assert.equal(
    steps.map(([epoch, , , by]) => [epoch, by]),
    [
      [3, "step_decay"],
      [6, "step_decay"],
    ],
  );
});

test("early stopping tells the reporter the epoch it stopped at", async () => {
  const { runtime, train, data } = prepare(plateau);
  const stoppedAt: number[] = [];
  await fit(runtime, data.train, data.validation, train, { stopped: (_, epoch) => void stoppedAt.push(epoch) });
  assert.equal(stoppedAt, [4]);
});

test("a huge learning rate makes the loss non-finite: TrainingDiverged names the epoch and step", async () => {
  const { runtime, train, data } = prepare(
    program(
      `optimizer sgd lr=1e30
      loss mean_squared_error
      epochs 5
      batch 2`,
      "source xor",
    )
      .replace("input 4", "input 2")
      .replace("dense 3 softmax", "dense 1"),
  );
  const epochs: number[] = [];
  try {
    await fit(runtime, data.train, data.validation, train, { epochEnd: (epoch) => void epochs.push(epoch) });
    assert.unreachable("expected TrainingDiverged");
  } catch (e) {
    if (!(e instanceof TrainingDiverged)) throw e;
    // Step 1 is finite; its update throws the weights to ~1e30, so step 2 overflows.
    assert.equal([e.epoch, e.step], [1, 2]);
    assert.not.ok(Number.isFinite(e.value));
    assert.is(e.message, `the loss became ${e.value} at epoch 1, step 2`);
  }
  assert.equal(epochs, []);
});

test.run();
