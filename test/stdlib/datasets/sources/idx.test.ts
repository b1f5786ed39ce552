import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../../stdlib/datasets/index.ts";
import { expectDataError } from "../expect-data-error.ts";

const dir = mkdtempSync(join(tmpdir(), "dl-idx-"));

/** Writes a ubyte IDX file into the temp dir. */
function writeUbyte(name: string, shape: number[], values: number[]): void {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  shape.forEach((dim, i) => header.setUint32(4 + 4 * i, dim));
  writeFileSync(join(dir, name), Buffer.concat([new Uint8Array(header.buffer), Uint8Array.from(values)]));
}

writeUbyte("x.idx", [3, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
writeUbyte("y.idx", [3], [2, 0, 1]);
writeUbyte("y-short.idx", [2], [0, 1]);

test.after(() => rmSync(dir, { recursive: true, force: true }));

test("pairs image and label files relative to baseDir", () => {
  const { train, test: testSplit } = loadSource("idx", { images: "x.idx", labels: "y.idx" }, dir);
  assert.is(train.count, 3);
  assert.equal(train.featureShape, [2, 2]);
  assert.equal(Array.from(train.features), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(Array.from(train.labels), [2, 0, 1]);
  assert.equal(train.labelShape, []);
  assert.is(train.numClasses, 3);
  assert.is(testSplit, undefined);
});

test("optional test pair becomes the test split", () => {
  const splits = loadSource("idx", { images: "x.idx", labels: "y.idx", test_images: "x.idx", test_labels: "y.idx" }, dir);
  assert.is(splits.test?.count, 3);
  expectDataError(() => loadSource("idx", { images: "x.idx", labels: "y.idx", test_images: "x.idx" }, dir), /give both/);
});

test("count mismatch and missing file are DataErrors naming the file", () => {
  expectDataError(
    () => loadSource("idx", { images: "x.idx", labels: "y-short.idx" }, dir),
    "y-short.idx: 2 labels for 3 examples in x.idx",
  );
  expectDataError(() => loadSource("idx", { images: "nope.idx", labels: "y.idx" }, dir), "nope.idx: file not found");
  expectDataError(() => loadSource("idx", { images: "x.idx" }, dir), "source idx: missing labels");
});

test.run();
