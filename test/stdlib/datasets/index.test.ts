import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSource, sources } from "../../../stdlib/datasets/index.ts";
import { expectDataError } from "./expect-data-error.ts";

test("registers every source with a description", () => {
  assert.equal(Object.keys(sources).sort(), ["csv", "idx", "iris", "json", "mnist", "parity", "sine", "spirals", "xor"]);
  for (const source of Object.values(sources)) assert.ok(source.doc.length > 0);
});

test("loadSource dispatches by name", () => {
  assert.is(loadSource("xor", {}, ".").train.count, 4);
});

test("unknown source suggests a close name", () => {
  const error = expectDataError(() => loadSource("spiral", {}, "."), 'unknown data source "spiral" (did you mean "spirals"?)');
  assert.match(error.hint ?? "", /csv, idx, iris/);
  expectDataError(() => loadSource("toString", {}, "."), /unknown data source "toString"/);
});

test.run();
