// Data files that fuzzing found to slip through: values too large for a float (named by file,
// row and column instead of surfacing as "training diverged"), a class label that would build a
// billion class names, an IDX file of 0 examples, CR-only line endings, and a source with no rows.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource } from "../../../stdlib/datasets/index.ts";
import { parseCsvDataset } from "../../../stdlib/datasets/sources/csv.ts";
import { parseJsonDataset } from "../../../stdlib/datasets/sources/json.ts";
import { expectDataError } from "./expect-data-error.ts";

const dir = mkdtempSync(join(tmpdir(), "dl-hostile-data-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("a CSV value beyond float range (1e400, and 1e39 for float32): file, row and column", () => {
  expectDataError(
    () => parseCsvDataset("a,b,y\n1,2,0\n3,1e400,1\n", "big.csv", undefined, false),
    'big.csv:3: column "b": 1e400 is out of range (not a finite 32-bit float)',
  );
  expectDataError(
    () => parseCsvDataset("a,b,y\n-1e39,2,0\n", "big.csv", undefined, false),
    'big.csv:2: column "a": -1e39 is out of range (not a finite 32-bit float)',
  );
  expectDataError(
    () => parseCsvDataset("a,y\n1,2\n2,1e400\n", "big.csv", undefined, false),
    'big.csv:3: column "y": label 1e400 is out of range (not a finite 32-bit float)',
  );
});

test("a JSON value beyond float range", () => {
  expectDataError(
    () => parseJsonDataset('[{"x": [1, 1e400], "y": 0}]', "big.json", false),
    'big.json: example 0: "x" Infinity is out of range (not a finite 32-bit float)',
  );
});

test("classes=true with a label of 1e9: refused at the class-count limit, not out of memory", () => {
  expectDataError(
    () => parseCsvDataset("a,y\n1,0\n2,1000000000\n", "many.csv", undefined, true),
    'many.csv:3: column "y": class label 1000000000 is over the limit of 100,000 classes',
  );
  assert.is(parseCsvDataset("a,y\n1,0\n2,99999\n", "ok.csv", undefined, true).numClasses, 100_000);
});

test("CR-only line endings (old Mac files) read like LF and CRLF", () => {
  const lf = parseCsvDataset("a,b,y\n1,2,0\n3,4,1\n", "lf.csv", undefined, true);
  for (const text of ["a,b,y\r1,2,0\r3,4,1\r", "a,b,y\r\n1,2,0\r\n3,4,1\r\n"]) {
    const read = parseCsvDataset(text, "cr.csv", undefined, true);
    assert.is(read.count, 2);
    assert.equal([...read.features], [...lf.features]);
    assert.equal([...read.labels], [...lf.labels]);
  }
});

test("an IDX file of 0 examples is refused", () => {
  const idx = (shape: number[]) => {
    const out = new Uint8Array(4 + 4 * shape.length);
    out.set([0, 0, 0x08, shape.length]);
    shape.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d));
    return out;
  };
  writeFileSync(join(dir, "x.idx"), idx([0, 2, 2]));
  writeFileSync(join(dir, "y.idx"), idx([0]));
  expectDataError(() => loadSource("idx", { images: "x.idx", labels: "y.idx" }, dir), "x.idx: the IDX file holds 0 examples");
});

test("a source with no examples is refused", () => {
  writeFileSync(join(dir, "empty.json"), "[]");
  expectDataError(() => loadSource("json", { path: "empty.json" }, dir), "empty.json: no examples");
  writeFileSync(join(dir, "header.csv"), "a,b,y\n");
  expectDataError(() => loadSource("csv", { path: "header.csv" }, dir), "header.csv: no data rows after the header");
});

test.run();
