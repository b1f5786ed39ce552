import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";
import { parseCsvDataset } from "../../../../stdlib/datasets/sources/csv.ts";
import { expectDataError } from "../expect-data-error.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const fixtures = join(root, "test/fixtures/data");

test("reads the shipped iris.csv: 150 rows, 4 features, sorted class names, 50 of each", () => {
  const { train } = loadSource("csv", { path: "iris.csv", label: "species" }, join(root, "examples/data"));
  assert.is(train.count, 150);
  assert.equal(train.featureShape, [4]);
  // The file's rows are shuffled once (so `validation 0.2` holds every species); its first row:
  assert.equal(Array.from(train.features.subarray(0, 4)), [6.1, 2.9, 4.7, 1.4].map(Math.fround));
  assert.is(train.labels[0], 1);
  assert.equal(train.classes, ["setosa", "versicolor", "virginica"]);
  assert.is(train.numClasses, 3);
  assert.equal(train.labelShape, []);
  const counts = [0, 0, 0];
  for (const label of train.labels) counts[label]!++;
  assert.equal(counts, [50, 50, 50]);
  const lastFifth = new Set(train.labels.subarray(120));
  assert.is(lastFifth.size, 3);
});

test("CRLF, blank lines, quoted header and label; default label is the last column", () => {
  const { train } = loadSource("csv", { path: "pets.csv" }, fixtures);
  assert.is(train.count, 3);
  assert.equal(Array.from(train.features), [1, 2, 3.5, Math.fround(-0.4), 5, 6]);
  assert.equal(train.classes, ["cat", "dog"]);
  assert.equal(Array.from(train.labels), [0, 1, 0]);
});

test("numeric labels are regression targets unless classes=true", () => {
  const text = "a,b,y\n1,2,0.5\n3,4,2\n";
  const regression = parseCsvDataset(text, "r.csv", undefined, false);
  assert.equal(regression.labelShape, [1]);
  assert.equal(Array.from(regression.labels), [0.5, 2]);
  assert.is(regression.numClasses, undefined);
  const classes = parseCsvDataset("a,y\n1,2\n3,0\n", "c.csv", "y", true);
  assert.equal(classes.labelShape, []);
  assert.equal(Array.from(classes.labels), [2, 0]);
  assert.is(classes.numClasses, 3);
  expectDataError(() => parseCsvDataset(text, "r.csv", "y", true), 'r.csv:2: column "y": class label must be an integer ≥ 0, found 0.5');
});

test("label column chosen by name may be in the middle", () => {
  const ds = parseCsvDataset("kind,w,h\nbig,10,20\nsmall,1,2\n", "m.csv", "kind", false);
  assert.equal(Array.from(ds.features), [10, 20, 1, 2]);
  assert.equal(ds.classes, ["big", "small"]);
});

test("errors name file and line", () => {
  expectDataError(() => parseCsvDataset("a,b,c\n1,2,x\n\n4,5\n", "iris.csv", undefined, false), "iris.csv:4: expected 3 columns, found 2");
  expectDataError(
    () => parseCsvDataset("a,b,c\n1,abc,x\n", "iris.csv", undefined, false),
    'iris.csv:2: column "b": expected a number, found "abc"',
  );
  expectDataError(
    () => parseCsvDataset("a,b,c\n1,,x\n", "iris.csv", undefined, false),
    'iris.csv:2: column "b": expected a number, found ""',
  );
  expectDataError(() => parseCsvDataset('a,b\n"1,x\n', "q.csv", undefined, false), "q.csv:2: unterminated quoted field");
  expectDataError(() => parseCsvDataset("a,b\n1,\n", "e.csv", undefined, false), 'e.csv:2: column "b": empty label');
  expectDataError(() => parseCsvDataset("a,b\n", "h.csv", undefined, false), "h.csv: no data rows after the header");
  expectDataError(() => parseCsvDataset("\n\n", "z.csv", undefined, false), "z.csv: empty file, expected a header row");
});

test("unknown label column suggests a close header", () => {
  const error = expectDataError(
    () => parseCsvDataset("sepal,species\n1,a\n", "iris.csv", "specis", false),
    'iris.csv:1: no column "specis" (did you mean "species"?)',
  );
  assert.is(error.line, 1);
  assert.is(error.hint, "columns: sepal, species");
  expectDataError(() => parseCsvDataset("sepal,species\n1,a\n", "iris.csv", "zzz", false), 'iris.csv:1: no column "zzz"');
});

test("missing file is a DataError naming the path as written", () => {
  const error = expectDataError(() => loadSource("csv", { path: "missing.csv" }, fixtures), "missing.csv: file not found");
  assert.is(error.file, "missing.csv");
});

test.run();
