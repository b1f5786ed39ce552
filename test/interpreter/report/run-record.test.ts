// What a run leaves to look at: the recorder keeps every epoch's logs with the learning rate it ran
// at, learning-rate cuts, the early stop and the evaluated confusion matrix; the history files hold
// the same numbers and go beside the saved weights, or beside the .dl file when nothing is saved.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { correctCount } from "../../../interpreter/report/confusion.ts";
import { historyPlaces, writeHistoryFiles } from "../../../interpreter/report/run-files.ts";
import { renderReport } from "../../../interpreter/report/report-html.ts";
import { RunRecorder } from "../../../interpreter/report/run-record.ts";
import { teeReporters } from "../../../interpreter/report/tee-reporter.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { collect, compile } from "../runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-report-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

// min_delta=10: no epoch after the first improves the loss by that much, so the plateau schedule
// cuts the rate after every second epoch and early stopping ends training after epoch 1 + patience.
const program = (save: boolean) => `model m {
  input 2
  layer dense 8 relu
  layer dense 2 softmax
}

data d {
  source xor
  validation 0.25
}

train m on d {
  optimizer sgd lr=0.2
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 20
  batch 2
  seed 1
  schedule reduce_on_plateau monitor=loss patience=2 min_delta=10 factor=0.5
  early_stopping monitor=loss patience=5 min_delta=10
}

evaluate m on d.all
${save ? `save m "${join(tmp, "weights", "m.safetensors")}"\n` : ""}`;

async function record(save: boolean) {
  const recorder = new RunRecorder();
  const seen = collect();
  const loaded = compile(program(save), join(tmp, save ? "saving.dl" : "prog.dl"));
  if (save) mkdirSync(join(tmp, "weights"), { recursive: true });
  await runProgram(loaded, { backend: new CpuBackend(), reporter: teeReporters(seen.reporter, recorder.reporter) });
  return { record: recorder.record, seen, file: loaded.file };
}

const unsaved = record(false);
const saved = record(true);

test("the recorder keeps every epoch's logs, the rate each began with, the cuts and the early stop", async () => {
  const { record, seen } = await unsaved;
  const [training] = record.trainings;
  assert.is(record.trainings.length, 1);
  assert.is(training!.epochs.length, seen.epochs.length);
  assert.equal(
    training!.epochs.map((e) => e.logs),
    seen.epochs.map((e) => e.logs),
  );
  assert.equal(Object.keys(training!.epochs[0]!.logs), ["loss", "accuracy", "val_loss", "val_accuracy"]);
  assert.is(training!.stopped?.epoch, 1 + 5);
  assert.is(training!.stopped?.message, seen.stopped[0]);
  assert.ok(training!.learningRateChanges.length >= 2, JSON.stringify(training!.learningRateChanges));
  assert.is(training!.epochs[0]!.learningRate, 0.2);
  // Each epoch begins with the rate the last cut before it set.
  for (const epoch of training!.epochs.slice(1)) {
    const cut = training!.learningRateChanges.filter((c) => c.epoch < epoch.epoch).at(-1);
    assert.is(epoch.learningRate, cut?.current ?? 0.2, `epoch ${epoch.epoch}`);
  }
  assert.equal(training!.settings.seed, 1);
  assert.equal(training!.counts, { train: 3, validation: 1 });
});

test("the evaluation keeps its logs and a confusion matrix whose diagonal is accuracy × count", async () => {
  const { record, seen } = await unsaved;
  const [evaluation] = record.evaluations;
  assert.equal(evaluation!.logs, seen.evaluated[0]!.logs);
  assert.is(evaluation!.count, 4);
  assert.is(correctCount(evaluation!.confusion!), Math.round(evaluation!.logs["accuracy"]! * 4));
  assert.is(evaluation!.misclassified, undefined, "xor's examples are not images");
});

test("history files beside the .dl file when nothing is saved: JSON and CSV with the recorded numbers", async () => {
  const { record, file } = await unsaved;
  const written = writeHistoryFiles(record, file);
  assert.equal(written, [join(tmp, "prog.history.json"), join(tmp, "prog.history.csv")]);
  const json = JSON.parse(readFileSync(written[0]!, "utf8")) as {
    trainings: { early_stopping_epoch: number; epochs: Record<string, number>[] }[];
  };
  const training = record.trainings[0]!;
  assert.is(json.trainings[0]!.early_stopping_epoch, training.stopped!.epoch);
  assert.equal(
    json.trainings[0]!.epochs,
    training.epochs.map((e) => ({ epoch: e.epoch, ...e.logs, learning_rate: e.learningRate, seconds: e.seconds })),
  );
  const [header, ...rows] = readFileSync(written[1]!, "utf8").trimEnd().split("\n");
  assert.is(header, "training,model,epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,early_stopping");
  assert.is(rows.length, training.epochs.length);
  rows.forEach((row, i) => {
    const cells = row.split(",");
    const epoch = training.epochs[i]!;
    assert.equal(cells.slice(0, 3), ["1", "m", String(epoch.epoch)]);
    // Numbers are written in full, so they read back exactly.
    assert.equal(cells.slice(3, 7).map(Number), [
      epoch.logs["loss"],
      epoch.logs["accuracy"],
      epoch.logs["val_loss"],
      epoch.logs["val_accuracy"],
    ]);
    assert.is(Number(cells[7]), epoch.learningRate);
    assert.is(cells[9], epoch.epoch === training.stopped!.epoch ? "stopped" : "");
  });
});

test("history files beside the saved weights, named after them; nothing beside the .dl file then", async () => {
  const { record, file } = await saved;
  assert.equal([...historyPlaces(record, file).keys()], [join(tmp, "weights", "m")]);
  writeHistoryFiles(record, file);
  assert.ok(existsSync(join(tmp, "weights", "m.history.json")));
  assert.ok(existsSync(join(tmp, "weights", "m.history.csv")));
  assert.not.ok(existsSync(join(tmp, "saving.history.json")));
});

test("a run that trains nothing writes no history", () => {
  assert.equal(writeHistoryFiles({ trainings: [], evaluations: [], saved: [] }, join(tmp, "none.dl")), []);
});

test("images: the first misclassified examples become PNG pictures of the example's size, with true and predicted class", () => {
  const recorder = new RunRecorder();
  const [height, width, count] = [4, 3, 6];
  const features = Float32Array.from({ length: count * height * width }, (_, i) => i % 7);
  // Examples 1 and 4 are predicted wrong.
  const labels = Float32Array.from([0, 1, 0, 1, 0, 1]);
  const predicted = [0, 0, 0, 1, 1, 1];
  const outputs = Float32Array.from(predicted.flatMap((p) => (p === 0 ? [0.8, 0.2] : [0.3, 0.7])));
  const dataset = { features, featureShape: [height * width], labels, labelShape: [], count };
  recorder.reporter.evaluated!("m", "d", "test", count, { loss: 1, accuracy: 4 / 6 });
  recorder.reporter.evaluatedOutputs!({
    model: "m",
    data: "d",
    split: "test",
    dataset,
    outputs,
    loss: "sparse_categorical_crossentropy",
    classes: ["no", "yes"],
    exampleShape: [height, width],
  });
  const shown = recorder.record.evaluations[0]!.misclassified!;
  assert.equal(
    shown.map((m) => [m.index, m.truth, m.predicted]),
    [
      [1, "yes", "no"],
      [4, "no", "yes"],
    ],
  );
  const png = Buffer.from(shown[0]!.image.replace("data:image/png;base64,", ""), "base64");
  assert.equal([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""), "PNG");
  // IHDR: width, height, 8 bits, grey.
  assert.equal([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]], [width, height, 8, 0]);
});

test("the HTML report stands alone and shows a chart per quantity with the stop and the cuts marked", async () => {
  const { record, file } = await unsaved;
  const html = renderReport({ file, record, models: compile(program(false)).checked.models, started: new Date(0), seconds: 1.5 });
  assert.not.match(html, /<script|<link|src="http|href="http/);
  assert.equal(
    [...html.matchAll(/<svg [^>]*class="chart" data-quantity="(\w+)"/g)].map((m) => m[1]),
    ["loss", "accuracy"],
  );
  assert.is([...html.matchAll(/<polyline class="curve"/g)].length, 4);
  const training = record.trainings[0]!;
  // Each chart marks the stop once and every learning-rate change.
  assert.is([...html.matchAll(/class="marker early-stopping"/g)].length, 2);
  assert.is([...html.matchAll(/class="marker learning-rate"/g)].length, 2 * training.learningRateChanges.length);
  assert.match(html, `<table class="confusion" data-correct="${correctCount(record.evaluations[0]!.confusion!)}" data-total="4">`);
  assert.is([...html.matchAll(/<g class="node"/g)].length, 3);
});

test.run();
