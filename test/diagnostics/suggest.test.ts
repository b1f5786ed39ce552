import { test } from "uvu";
import * as assert from "uvu/assert";
import { closest, didYouMean, editDistance } from "../../diagnostics/suggest.ts";
import { topLevelKeywords } from "../../grammar/keywords.ts";
import { layers } from "../../stdlib/layers/index.ts";

test("editDistance: insertions, deletions, substitutions", () => {
  assert.is(editDistance("", ""), 0);
  assert.is(editDistance("abc", ""), 3);
  assert.is(editDistance("", "abc"), 3);
  assert.is(editDistance("dens", "dense"), 1);
  assert.is(editDistance("dense", "dens"), 1);
  assert.is(editDistance("relu", "selu"), 1);
  assert.is(editDistance("kitten", "sitting"), 3);
});

test("editDistance: a swap of neighbours costs 1 (optimal string alignment, not full Damerau)", () => {
  assert.is(editDistance("modle", "model"), 1);
  assert.is(editDistance("lyaer", "layer"), 1);
  assert.is(editDistance("ab", "ba"), 1);
  // OSA may not edit a transposed pair again: Damerau-Levenshtein would give 2 here.
  assert.is(editDistance("ca", "abc"), 3);
});

test("didYouMean: close words get a suggestion", () => {
  assert.is(didYouMean("modle", topLevelKeywords), "did you mean `model`?");
  assert.is(didYouMean("dens", layers.keys()), "did you mean `dense`?");
  assert.is(didYouMean("Dense", ["dense", "dropout"]), "did you mean `dense`?", "case is ignored");
  assert.is(didYouMean("trian", topLevelKeywords), "did you mean `train`?");
});

test("didYouMean: no suggestion when every candidate is far", () => {
  assert.is(didYouMean("import", topLevelKeywords), undefined);
  assert.is(didYouMean("transformer", layers.keys()), undefined);
  assert.is(didYouMean("abcdef", ["abcxyz"]), undefined, "distance 3 > 6/3");
  assert.is(didYouMean("abcdef", ["abcxef"]), "did you mean `abcxef`?", "distance 1 ≤ 6/3");
  assert.is(didYouMean("anything", []), undefined);
});

test("didYouMean: prefixes count as close, and several candidates are joined", () => {
  assert.is(didYouMean("conv", layers.keys()), "did you mean `conv1d` or `conv2d`?");
  assert.is(didYouMean("relu", ["relu6", "elu", "gelu", "prelu", "selu"]), "did you mean `elu`, `gelu` or `prelu`?");
});

test("closest: nearest first, ties alphabetical, at most three, duplicates once", () => {
  assert.equal(closest("ab", ["abf", "abd", "abe", "abc"]), ["abc", "abd", "abe"]);
  assert.equal(closest("dense", ["dropout", "dense", "dense", "denser"]), ["dense", "denser"]);
  assert.equal(closest("lr", ["lr", "l", "lrx"], 2), ["lr", "l"]);
});

test.run();
