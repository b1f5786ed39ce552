// The spatial layers as the checker sees them: output shapes (TensorFlow padding rules) and
// weights of conv / pooling, and shape inference of upsampling2d and zeropadding2d.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../../../grammar/parse.ts";
import { check } from "../../../interpreter/check/check.ts";
import { layers } from "../../../stdlib/layers/index.ts";

/** Output shape of every layer of a model on `input`, or the first diagnostic's message. */
function shapes(input: string, ...lines: string[]): number[][] | string {
  const parsed = parse(`model m {\n  input ${input}\n${lines.map((l) => `  layer ${l}\n`).join("")}}\n`);
  assert.equal(parsed.diagnostics, []);
  const { program, diagnostics } = check(parsed.program);
  if (diagnostics.length) return diagnostics[0]!.message;
  return program.models.get("m")!.nodes.map((n) => [...n.outputShape]);
}

test("upsampling2d: (h, w, c) → (h*sh, w*sw, c), default 2; needs an image", () => {
  assert.equal(shapes("5 7 3", "upsampling2d"), [[10, 14, 3]]);
  assert.equal(shapes("5 7 3", "upsampling2d 3"), [[15, 21, 3]]);
  assert.equal(shapes("5 7 3", "upsampling2d [1, 4]"), [[5, 28, 3]]);
  assert.equal(shapes("5 7 3", "upsampling2d size=[2, 3]"), [[10, 21, 3]]);
  assert.is(shapes("784", "upsampling2d"), "`upsampling2d` needs an input of rank 3 (height, width, channels), but got shape (784)");
  assert.match(shapes("5 7 3", "upsampling2d 0") as string, "`size` of layer `upsampling2d` must be");
  assert.equal(layers.get("upsampling2d")!.keras, "UpSampling2D");
});

test("zeropadding2d: (h, w, c) → (h + 2*ph, w + 2*pw, c), default 1, zero allowed; needs an image", () => {
  assert.equal(shapes("5 7 3", "zeropadding2d"), [[7, 9, 3]]);
  assert.equal(shapes("5 7 3", "zeropadding2d 2"), [[9, 11, 3]]);
  assert.equal(shapes("5 7 3", "zeropadding2d [0, 3]"), [[5, 13, 3]]);
  assert.is(shapes("10 3", "zeropadding2d"), "`zeropadding2d` needs an input of rank 3 (height, width, channels), but got shape (10, 3)");
  assert.equal(layers.get("zeropadding2d")!.keras, "ZeroPadding2D");
});

test("conv and pooling shapes: valid, same (ceil(in / s)), causal, dilation, default pool strides", () => {
  assert.equal(shapes("28 28 1", "conv2d 8 kernel=3", "maxpool2d 2", "conv2d 4 kernel=[3, 2] strides=2 padding=same"), [
    [26, 26, 8],
    [13, 13, 8],
    [7, 7, 4],
  ]);
  assert.equal(shapes("9 9 2", "conv2d 3 kernel=3 dilation=2", "avgpool2d 2 padding=same", "global_maxpool2d"), [
    [5, 5, 3],
    [3, 3, 3],
    [3],
  ]);
  assert.equal(shapes("10 3", "conv1d 4 kernel=3 padding=causal dilation=2", "maxpool1d 3 strides=2", "global_avgpool1d"), [
    [10, 4],
    [4, 4],
    [4],
  ]);
  assert.equal(shapes("6 6 1", "zeropadding2d", "conv2d 2 kernel=3", "upsampling2d", "flatten"), [
    [8, 8, 1],
    [6, 6, 2],
    [12, 12, 2],
    [288],
  ]);
});

test.run();
