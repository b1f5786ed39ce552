import { test } from "uvu";
import * as assert from "uvu/assert";
import { splitCsvLine } from "../../../stdlib/datasets/csv-line.ts";

test("splits plain fields and trims unquoted ones", () => {
  assert.equal(splitCsvLine("1, 2 ,abc"), ["1", "2", "abc"]);
  assert.equal(splitCsvLine("a,,b,"), ["a", "", "b", ""]);
});

test("quoted fields keep commas and doubled quotes", () => {
  assert.equal(splitCsvLine('"a,b", "say ""hi""" ,c'), ["a,b", 'say "hi"', "c"]);
  assert.equal(splitCsvLine('""'), [""]);
});

test("malformed quotes are reported", () => {
  assert.equal(splitCsvLine('1,"abc'), { error: "unterminated quoted field" });
  assert.equal(splitCsvLine('"ab"c,1'), { error: 'unexpected text after quoted field "ab"' });
});

test.run();
