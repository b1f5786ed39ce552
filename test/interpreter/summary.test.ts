// summarize()/countParams(): Keras' model.summary() shapes and parameter counts.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../../grammar/parse.ts";
import { check } from "../../interpreter/check/check.ts";
import type { CheckedModel } from "../../interpreter/check/checked.ts";
import { countParams, summarize } from "../../interpreter/summary.ts";

function modelOf(text: string, name?: string): CheckedModel {
  const parsed = parse(text);
  assert.equal(parsed.diagnostics, []);
  const checked = check(parsed.program);
  assert.equal(
    checked.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const models = [...checked.program.models.values()];
  const model = name ? checked.program.models.get(name) : models[0];
  assert.ok(model, "model checked");
  return model!;
}

const example = (file: string) => modelOf(readFileSync(`examples/${file}`, "utf8"));

/** Each layer as `name shape params` (the table rows without padding). */
function rows(summary: string): string[] {
  const lines = summary.split("\n");
  const first = lines.findIndex((l) => l.startsWith("=")) + 1;
  const last = lines.findIndex((l, i) => i >= first && l.startsWith("="));
  return lines.slice(first, last).map((l) =>
    l
      .trim()
      .split(/\s{2,}/)
      .join(" | "),
  );
}

test("examples/mnist_mlp.dl: the Keras MNIST MLP, 109,386 params", () => {
  const model = example("mnist_mlp.dl");
  assert.equal(countParams(model.nodes), { total: 109_386, trainable: 109_386 });
  const summary = summarize(model);
  assert.equal(rows(summary), [
    "input (InputLayer) | (None, 784) | 0",
    "dense (Dense, relu) | (None, 128) | 100,480",
    "dense_1 (Dense, relu) | (None, 64) | 8,256",
    "dense_2 (Dense, softmax) | (None, 10) | 650",
  ]);
  assert.is(
    summary,
    [
      'Model: "mnist_mlp"',
      "_".repeat(60),
      " Layer (type)                Output Shape           Param #",
      "=".repeat(60),
      " input (InputLayer)          (None, 784)                  0",
      " dense (Dense, relu)         (None, 128)            100,480",
      " dense_1 (Dense, relu)       (None, 64)               8,256",
      " dense_2 (Dense, softmax)    (None, 10)                 650",
      "=".repeat(60),
      "Total params: 109,386",
      "Trainable params: 109,386",
      "Non-trainable params: 0",
      "_".repeat(60),
    ].join("\n"),
  );
});

test("examples/mnist_cnn.dl: Keras' values (conv2d 32 3x3 on 28x28x1 → 320)", () => {
  const model = example("mnist_cnn.dl");
  assert.equal(rows(summarize(model)), [
    "input (InputLayer) | (None, 28, 28, 1) | 0",
    "conv2d (Conv2D, relu) | (None, 26, 26, 32) | 320",
    "maxpool2d (MaxPooling2D) | (None, 13, 13, 32) | 0",
    "conv2d_1 (Conv2D, relu) | (None, 11, 11, 64) | 18,496",
    "maxpool2d_1 (MaxPooling2D) | (None, 5, 5, 64) | 0",
    "flatten (Flatten) | (None, 1600) | 0",
    "dropout (Dropout) | (None, 1600) | 0",
    "dense (Dense, softmax) | (None, 10) | 16,010",
  ]);
  assert.equal(countParams(model.nodes), { total: 34_826, trainable: 34_826 });
});

test("examples/resnet_blocks.dl: blocks expanded, residuals nested, batchnorm statistics non-trainable", () => {
  const model = example("resnet_blocks.dl");
  assert.equal(countParams(model.nodes), { total: 38_282, trainable: 37_962 });
  const summary = summarize(model);
  assert.equal(rows(summary).slice(0, 12), [
    "input (InputLayer) | (None, 28, 28, 1) | 0",
    "conv2d (Conv2D) | (None, 28, 28, 32) | 320",
    "batchnorm (BatchNormalization) | (None, 28, 28, 32) | 128",
    "relu (Activation) | (None, 28, 28, 32) | 0",
    "residual (Residual) | (None, 28, 28, 32) | 0",
    "│ conv2d_1 (Conv2D) | (None, 28, 28, 32) | 9,248",
    "│ batchnorm_1 (BatchNormalization) | (None, 28, 28, 32) | 128",
    "│ relu_1 (Activation) | (None, 28, 28, 32) | 0",
    "│ conv2d_2 (Conv2D) | (None, 28, 28, 32) | 9,248",
    "│ batchnorm_2 (BatchNormalization) | (None, 28, 28, 32) | 128",
    "└ add (input + body) | (None, 28, 28, 32) | 0",
    "relu_2 (Activation) | (None, 28, 28, 32) | 0",
  ]);
  assert.is(rows(summary).length, 22);
  assert.ok(summary.endsWith("Total params: 38,282\nTrainable params: 37,962\nNon-trainable params: 320\n" + "_".repeat(75)), summary);
});

test("Keras parameter counts of other layers", () => {
  const count = (input: string, layer: string) => countParams(modelOf(`model m {\n  input ${input}\n  layer ${layer}\n}\n`).nodes);
  assert.equal(count("784", "dense 10 use_bias=false"), { total: 7_840, trainable: 7_840 });
  assert.equal(count("100 8", "conv1d 16 kernel=3"), { total: 400, trainable: 400 });
  assert.equal(count("32 32 3", "conv2d 64 kernel=[3, 5]"), { total: 2_944, trainable: 2_944 });
  assert.equal(count("20 10", "simple_rnn 32"), { total: 1_376, trainable: 1_376 });
  assert.equal(count("20 10", "lstm 32"), { total: 5_504, trainable: 5_504 });
  assert.equal(count("20 10", "gru 32"), { total: 4_224, trainable: 4_224 });
  assert.equal(count("20", "embedding 1000 64"), { total: 64_000, trainable: 64_000 });
  assert.equal(count("16", "batchnorm"), { total: 64, trainable: 32 });
  assert.equal(count("16", "layernorm"), { total: 32, trainable: 32 });
  assert.equal(count("16", "dropout 0.5"), { total: 0, trainable: 0 });
});

test("shapes: padding, strides, pooling, return_sequences", () => {
  const shape = (input: string, ...layers: string[]) =>
    modelOf(`model m {\n  input ${input}\n${layers.map((l) => `  layer ${l}\n`).join("")}}\n`).outputShape;
  assert.equal(shape("28 28 1", "conv2d 8 kernel=3 padding=same"), [28, 28, 8]);
  assert.equal(shape("28 28 1", "conv2d 8 kernel=3 strides=2"), [13, 13, 8]);
  assert.equal(shape("28 28 1", "conv2d 8 kernel=3 strides=2 padding=same"), [14, 14, 8]);
  assert.equal(shape("28 28 1", "conv2d 8 kernel=3 dilation=2"), [24, 24, 8]);
  assert.equal(shape("27 27 4", "maxpool2d 2"), [13, 13, 4]);
  assert.equal(shape("27 27 4", "avgpool2d 3 strides=1 padding=same"), [27, 27, 4]);
  assert.equal(shape("7 7 4", "global_avgpool2d"), [4]);
  assert.equal(shape("20 10", "lstm 8 return_sequences=true"), [20, 8]);
  assert.equal(shape("20 10", "lstm 8"), [8]);
  assert.equal(shape("20", "embedding 50 4", "flatten"), [80]);
});

test("a residual's parameters count once, its rows are indented", () => {
  const model = modelOf("model m {\n  input 8\n  residual {\n    layer dense 8 relu\n  }\n  layer dense 2 softmax\n}\n");
  assert.equal(countParams(model.nodes), { total: 72 + 18, trainable: 90 });
  assert.equal(rows(summarize(model)), [
    "input (InputLayer) | (None, 8) | 0",
    "residual (Residual) | (None, 8) | 0",
    "│ dense (Dense, relu) | (None, 8) | 72",
    "└ add (input + body) | (None, 8) | 0",
    "dense_1 (Dense, softmax) | (None, 2) | 18",
  ]);
});

test.run();
