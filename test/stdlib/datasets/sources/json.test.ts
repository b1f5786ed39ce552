import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";
import { parseJsonDataset } from "../../../../stdlib/datasets/sources/json.ts";
import { expectDataError } from "../expect-data-error.ts";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../fixtures/data");

test("array of {x, y} objects with class-name labels", () => {
  const { train } = loadSource("json", { path: "points.json" }, fixtures);
  assert.is(train.count, 3);
  assert.equal(train.featureShape, [2]);
  assert.equal(Array.from(train.features), [1, 2, 3, 4, 5, 6]);
  assert.equal(train.classes, ["a", "b"]);
  assert.equal(Array.from(train.labels), [1, 0, 1]);
});

test("{features, labels} with nested features and vector labels", () => {
  const { train } = loadSource("json", { path: "grid.json" }, fixtures);
  assert.is(train.count, 2);
  assert.equal(train.featureShape, [2, 2]);
  assert.equal(Array.from(train.features), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(train.labelShape, [2]);
  assert.equal(Array.from(train.labels), [0.5, 1, 1.5, 2]);
});

test("numeric labels: regression by default, class indices with classes=true", () => {
  const text = '{"features": [1, 2, 3], "labels": [0, 2, 1]}';
  const regression = parseJsonDataset(text, "d.json", false);
  assert.equal(regression.featureShape, []);
  assert.equal(regression.labelShape, [1]);
  const classes = parseJsonDataset(text, "d.json", true);
  assert.equal(classes.labelShape, []);
  assert.is(classes.numClasses, 3);
  assert.equal(Array.from(classes.labels), [0, 2, 1]);
});

test("errors are DataErrors naming the file (and line for syntax errors)", () => {
  const syntax = expectDataError(
    () => parseJsonDataset('[\n{"x": [1], "y": 0},\n{"x": [2] "y": 1}\n]', "d.json", false),
    /^d\.json:3: invalid JSON/,
  );
  assert.is(syntax.line, 3);
  expectDataError(
    () => parseJsonDataset('[{"x": [1, 2], "y": 0}, {"x": [3], "y": 1}]', "d.json", false),
    'd.json: example 1: "x" expected shape [2], found [3]',
  );
  expectDataError(
    () => parseJsonDataset('[{"x": [1, "a"], "y": 0}]', "d.json", false),
    'd.json: example 0: "x" expected a number, found "a"',
  );
  expectDataError(() => parseJsonDataset('[{"x": [1]}]', "d.json", false), 'd.json: example 0: expected an object with "x" and "y"');
  expectDataError(() => parseJsonDataset('[{"x": [1], "y": null}]', "d.json", false), /example 0: "y" must be a number/);
  expectDataError(() => parseJsonDataset('{"features": [1], "labels": []}', "d.json", false), "d.json: 1 features but 0 labels");
  expectDataError(() => parseJsonDataset("[]", "d.json", false), "d.json: no examples");
  expectDataError(() => parseJsonDataset("42", "d.json", false), /d\.json: expected an array/);
});

test.run();
