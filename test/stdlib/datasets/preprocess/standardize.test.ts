import { test } from "uvu";
import * as assert from "uvu/assert";
import { standardize } from "../../../../stdlib/datasets/preprocess/standardize.ts";
import type { Dataset } from "../../../../stdlib/datasets/dataset.ts";

function dataset(features: number[]): Dataset {
  const count = features.length / 2;
  return {
    features: Float32Array.from(features),
    featureShape: [2],
    labels: new Float32Array(count),
    labelShape: [],
    count,
  };
}

test("uses training statistics only, applied to every split", () => {
  // Train column 0: 1, 3 → mean 2, std 1. Column 1 is constant 5 → std treated as 1.
  const train = dataset([1, 5, 3, 5]);
  const test_ = dataset([100, 7]);
  const validation = dataset([2, 5]);
  const { splits, stats } = standardize({ train, test: test_, validation });
  assert.equal(Array.from(stats.mean), [2, 5]);
  assert.equal(Array.from(stats.std), [1, 1]);
  assert.equal(Array.from(splits.train.features), [-1, 0, 1, 0]);
  assert.equal(Array.from(splits.test!.features), [98, 2]);
  assert.equal(Array.from(splits.validation.features), [0, 0]);
  assert.equal(Array.from(train.features), [1, 5, 3, 5], "input unchanged");
});

test("population std: standardized train has mean 0 and variance 1", () => {
  const { splits } = standardize({
    train: dataset([2, 0, 4, 0, 4, 0, 4, 0, 5, 0, 5, 0, 7, 0, 9, 1]),
  });
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < 8; i++) {
    sum += splits.train.features[2 * i]!;
    squares += splits.train.features[2 * i]! ** 2;
  }
  assert.ok(Math.abs(sum) < 1e-5);
  assert.ok(Math.abs(squares / 8 - 1) < 1e-5);
  assert.ok(Math.abs(splits.train.features[0]! - -1.5) < 1e-6, "(2 − 5) / 2");
});

test.run();
