import { test } from "uvu";
import * as assert from "uvu/assert";
import { scale, scaleInPlace, scaleStep } from "../../../../stdlib/datasets/preprocess/scale.ts";
import { loadSource } from "../../../../stdlib/datasets/index.ts";
import { toyDataset } from "../toy-dataset.ts";

test("multiplies every split's features and leaves the input untouched", () => {
  const train = toyDataset(2);
  const test_ = toyDataset(1);
  const scaled = scale({ train, test: test_ }, 0.5);
  assert.equal(Array.from(scaled.train.features), [0, 0.5, 5, 5.5]);
  assert.equal(Array.from(scaled.test!.features), [0, 0.5]);
  assert.equal(Array.from(train.features), [0, 1, 10, 11]);
  assert.is(scaled.train.labels, train.labels);
});

test("scaleInPlace overwrites the features it is given, with the bits scale gives", () => {
  const splits = { train: toyDataset(3), test: toyDataset(2) };
  const copies = scale(splits, 1 / 255);
  const features = splits.train.features;
  const result = scaleInPlace(splits, 1 / 255);
  assert.is(result, splits);
  assert.is(result.train.features, features, "no new array");
  assert.equal(Array.from(result.train.features), Array.from(copies.train.features));
  assert.equal(Array.from(result.test.features), Array.from(copies.test!.features));
  assert.equal(
    Array.from(result.train.features),
    [0, 1, 10, 11, 20, 21].map((v) => Math.fround(v * (1 / 255))),
  );
});

test("the `scale` step scales what a source loads, and the next load is unscaled again (sources give fresh arrays)", () => {
  const load = () => loadSource("iris", {}, ".");
  const raw = Array.from(load().train.features);
  const { splits } = scaleStep.transform(load(), { factor: 0.5 }, () => load().train);
  assert.equal(
    Array.from(splits.train.features),
    raw.map((v) => Math.fround(v * 0.5)),
  );
  assert.equal(Array.from(load().train.features), raw);
});

test.run();
