// check(): every class of mistake is reported with its code, message, place and hint.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { parse } from "../../../grammar/parse.ts";
import { check } from "../../../interpreter/check/check.ts";

function run(text: string) {
  const parsed = parse(text);
  assert.equal(parsed.diagnostics, [], "the test program must parse");
  return check(parsed.program);
}

function diagnosticsOf(text: string): Diagnostic[] {
  return run(text).diagnostics;
}

/** `severity code line:column message` */
function brief(d: Diagnostic): string {
  return `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`;
}

/** The only diagnostic of a program. */
function only(text: string): Diagnostic {
  const diagnostics = diagnosticsOf(text);
  assert.is(diagnostics.length, 1, diagnostics.map(brief).join("\n"));
  return diagnostics[0]!;
}

/** The only error of a program, whose warnings are exactly `warnings` (`severity code line:column message`). */
function onlyError(text: string, warnings: string[]): Diagnostic {
  const diagnostics = diagnosticsOf(text);
  assert.equal(diagnostics.filter((d) => d.severity === "warning").map(brief), warnings);
  const errors = diagnostics.filter((d) => d.severity === "error");
  assert.is(errors.length, 1, errors.map(brief).join("\n"));
  return errors[0]!;
}

const unusedData = (line: number) => `warning DL204 ${line}:6 data \`d\` is never used`;

const mlp = (...layers: string[]) => `model m {\n  input 784\n${layers.map((l) => `  ${l}\n`).join("")}}\n`;
const irisModel = (...layers: string[]) => mlp(...layers).replace("input 784", "input 4");

test("a correct program: no diagnostics, models, data and workflow resolved", () => {
  const { program, diagnostics } = run(
    "let hidden = 64\n" +
      mlp("layer dense 2*hidden relu", "layer dense 10 softmax") +
      "data d {\n  source mnist\n  scale 1/255\n  validation 0.2\n}\n" +
      "train m on d {\n  optimizer adam lr=0.001\n  loss sparse_categorical_crossentropy\n  epochs 2\n}\n" +
      'evaluate m on d.test\nevaluate m on d.train\nsave m "m.safetensors"\n',
  );
  assert.equal(diagnostics, []);
  const model = program.models.get("m")!;
  assert.equal(model.inputShape, [784]);
  assert.equal(model.outputShape, [10]);
  assert.equal(
    model.nodes.map((n) => [n.name, n.outputShape]),
    [
      ["dense", [128]],
      ["dense_1", [10]],
    ],
  );
  const data = program.data.get("d")!;
  assert.is(data.source.name, "mnist");
  assert.is(data.validation, 0.2);
  assert.equal(
    data.steps.map((s) => [s.name, s.config["factor"]]),
    [["scale", 1 / 255]],
  );
  assert.equal(
    program.workflow.map((s) => (s.type === "evaluate" ? `evaluate ${s.split}` : s.type)),
    ["train", "evaluate test", "evaluate train", "save"],
  );
  const train = program.workflow[0]!.type === "train" ? program.workflow[0]!.train : undefined;
  assert.is(train?.epochs, 2);
  assert.is(train?.batch, 32, "Keras' default batch size");
  assert.is(train?.loss.name, "sparse_categorical_crossentropy");
});

test("unknown layer kind: DL103 on the kind, did you mean", () => {
  const d = only(mlp("layer dens 10"));
  assert.is(brief(d), "error DL103 3:9 unknown layer kind `dens`");
  assert.equal(d.span.end.column, 13);
  assert.is(d.label, "not a layer kind");
  assert.equal(d.hints, ["did you mean `dense`?"]);
  assert.equal(only(mlp("layer transformer 10")).hints, ["see docs/layers.md for every layer kind"]);
});

test("unknown option: DL105 on the key, did you mean; a layer without options says so", () => {
  const d = only(mlp("layer dense 10 softmax kernel_int=zeros"));
  assert.is(brief(d), "error DL105 3:26 layer `dense` has no option `kernel_int`");
  assert.is(d.label, "unknown option");
  assert.equal(d.hints, ["did you mean `kernel_init`?"]);
  const none = only(mlp("layer flatten depth=2", "layer dense 10 softmax"));
  assert.is(brief(none), "error DL105 3:17 layer `flatten` has no option `depth`");
  assert.equal(none.hints, ["layer `flatten` takes no options"]);
});

test("an unknown option does not hide the next mistake", () => {
  assert.equal(diagnosticsOf(mlp("layer dense 10 relu kernel_int=zeros", "layer conv2d 8")).map(brief), [
    "error DL105 3:23 layer `dense` has no option `kernel_int`",
    "error DL201 4:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (10)",
  ]);
});

test("a value of the wrong type: DL106 on the value, saying what was expected and found", () => {
  const flag = only(mlp("layer dense 10 softmax use_bias=1"));
  assert.is(brief(flag), "error DL106 3:35 `use_bias` of layer `dense` must be true or false, found a number");
  assert.is(flag.label, "expected true or false");
  assert.is(
    brief(only(mlp('layer dense "ten"'))),
    'error DL106 3:15 `units` of layer `dense` must be a positive whole number, found the string "ten"',
  );
  assert.is(brief(only(mlp("layer dense 2.5"))), "error DL106 3:15 `units` of layer `dense` must be a positive whole number, found 2.5");
  assert.is(
    brief(only(mlp("layer dense 10 softmax", "layer dropout 1.5"))),
    "error DL106 4:17 `rate` of layer `dropout` must be a number in [0, 1), found 1.5",
  );
  const choice = only(mlp("layer dense 10 reluu"));
  assert.is(brief(choice), "error DL106 3:18 unknown activation `reluu` for `activation` of layer `dense`");
  assert.equal(choice.hints, ["did you mean `relu`?"]);
  assert.is(brief(only(mlp("layer dense 10/(2-2)"))), "error DL106 3:15 division by zero");
});

test("missing and extra positional arguments: DL104", () => {
  const missing = only(mlp("layer dropout"));
  assert.is(brief(missing), "error DL104 3:3 layer `dropout` needs `rate` (fraction of inputs to drop)");
  assert.equal(missing.span.end.column, 16, "the whole layer line");
  assert.is(missing.label, "missing `rate`");
  assert.equal(missing.hints, ["usage: layer dropout RATE"]);
  const extra = only(mlp("layer dropout 0.5 0.2"));
  assert.is(brief(extra), "error DL104 3:21 layer `dropout` takes 1 positional argument, found 2");
  assert.is(extra.label, "extra argument");
  assert.is(
    brief(only(mlp("layer flatten 3", "layer dense 10 softmax"))),
    "error DL104 3:17 layer `flatten` takes no positional arguments, found 1",
  );
  assert.is(brief(only("model m {\n  input\n}\n")), "error DL104 2:3 `input` needs the shape of one example");
});

test("unknown constant: DL101 with did you mean, or how to define it", () => {
  const near = onlyError("let width = 64\n" + mlp("layer dense widht"), ["warning DL204 1:5 constant `width` is never used"]);
  assert.is(brief(near), "error DL101 4:15 unknown constant `widht`");
  assert.is(near.label, "not defined");
  assert.equal(near.hints, ["did you mean `width`?"]);
  const far = onlyError("let y = 2 * depth\n", ["warning DL204 1:5 constant `y` is never used"]);
  assert.is(brief(far), "error DL101 1:13 unknown constant `depth`");
  assert.equal(far.hints, ["define it first: `let depth = …`"]);
  // Constants are evaluated in order: one may only use those above it.
  assert.is(
    brief(onlyError("let a = b + 1\nlet b = 2\n", ["warning DL204 1:5 constant `a` is never used"])),
    "error DL101 1:9 unknown constant `b`",
  );
});

test("duplicate definition: DL102 on the second name, related note at the first; one namespace", () => {
  const d = onlyError("let hidden = 64\nlet hidden = 3\n", ["warning DL204 1:5 constant `hidden` is never used"]);
  assert.is(brief(d), "error DL102 2:5 `hidden` is defined twice");
  assert.is(d.label, "defined again here");
  assert.equal(
    d.related.map((r) => `${r.span.start.line}:${r.span.start.column} ${r.message}`),
    ["1:5 first defined here"],
  );
  assert.equal(d.hints, ["models, blocks, data and constants share one namespace; rename one of them"]);
  const shared = diagnosticsOf(mlp("layer dense 10 softmax") + "data m {\n  source mnist\n}\n");
  assert.equal(shared.map(brief), ["error DL102 5:6 `m` is defined twice"]);
  const twice = onlyError("data d {\n  source mnist\n  validation 0.1\n  validation 0.2\n}\n", [unusedData(1)]);
  assert.is(brief(twice), "error DL102 4:3 `validation` is set twice");
  assert.equal(
    twice.related.map((r) => `${r.span.start.line}:${r.span.start.column} ${r.message}`),
    ["3:3 first set here"],
  );
  assert.is(
    brief(only(mlp("layer dense 10 softmax use_bias=true use_bias=false"))),
    "error DL102 3:40 `use_bias` of layer `dense` is given twice",
  );
});

test("unknown setting in data and train: DL107 with did you mean", () => {
  const data = onlyError("data d {\n  source mnist\n  scael 1/255\n}\n", [unusedData(1)]);
  assert.is(brief(data), "error DL107 3:3 unknown setting `scael` in a `data` block");
  assert.is(data.label, "not a setting");
  assert.equal(data.hints, ["did you mean `scale`?"]);
  const train = diagnosticsOf(
    mlp("layer dense 10 softmax") + "data d {\n  source mnist\n}\ntrain m on d {\n  loss sparse_categorical_crossentropy\n  epoch 3\n}\n",
  );
  assert.equal(train.map(brief), ["error DL107 10:3 unknown setting `epoch` in a `train` block"]);
  assert.equal(train[0]!.hints, ["did you mean `epochs`?"]);
});

test("unknown optimizer, loss and source: DL106 on the name, did you mean", () => {
  const program =
    mlp("layer dense 10 softmax") +
    "data d {\n  source mnst\n}\ndata e {\n  source mnist\n}\ntrain m on e {\n  optimizer adom lr=0.1\n  loss sparse_categorical_crossentrop\n}\n";
  const diagnostics = diagnosticsOf(program);
  assert.equal(diagnostics.map(brief), [
    unusedData(5),
    "error DL106 6:10 unknown source `mnst`",
    "error DL106 12:13 unknown optimizer `adom`",
    "error DL106 13:8 unknown loss `sparse_categorical_crossentrop`",
  ]);
  assert.equal(
    diagnostics.map((d) => d.hints[0]),
    [
      "train or evaluate a model on it (`train MODEL on d { … }`), or remove it",
      "did you mean `mnist`?",
      "did you mean `adam`?",
      "did you mean `sparse_categorical_crossentropy` or `categorical_crossentropy`?",
    ],
  );
  assert.equal(
    diagnostics.map((d) => d.label),
    ["declared here", "not a known source", "not a known optimizer", "not a known loss"],
  );
});

test("`conv2d` after `input 784`: DL201 on the kind, hint to reshape to 28 28 1", () => {
  const d = only(mlp("layer conv2d 32 relu", "layer flatten", "layer dense 10 softmax"));
  assert.is(brief(d), "error DL201 3:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (784)");
  assert.is(d.label, "input here is (784)");
  assert.equal(d.hints, ["reshape first: `layer reshape 28 28 1`"]);
  // With the reshape the same model checks.
  assert.equal(diagnosticsOf(mlp("layer reshape 28 28 1", "layer conv2d 32 relu", "layer flatten", "layer dense 10 softmax")), []);
  assert.equal(only(mlp("layer dense 100", "layer conv2d 8")).hints, ["reshape first: `layer reshape 10 10 1`"]);
  assert.equal(only(mlp("layer dense 50", "layer conv2d 8")).hints, ["reshape to (height, width, channels) first"]);
});

test("other shape mismatches: reshape size, a kernel larger than the input", () => {
  assert.is(
    brief(only(mlp("layer reshape 28 27 1"))),
    "error DL201 3:9 `reshape` to (28, 27, 1) needs 756 values, but the input (784) has 784",
  );
  const big = only("model m {\n  input 4 4 1\n  layer conv2d 8 kernel=5\n}\n");
  assert.is(brief(big), "error DL201 3:9 `conv2d` with kernel (5, 5) does not fit the input (4, 4, 1)");
  assert.equal(big.hints, ["use `padding=same` or a smaller kernel"]);
});

test("a residual whose body changes the shape: DL201 on the residual", () => {
  const d = only("model m {\n  input 8\n  residual {\n    layer dense 4\n  }\n}\n");
  assert.is(brief(d), "error DL201 3:3 a residual block must keep its shape: it takes (8) but its body produces (4)");
  assert.is(d.label, "input and output are added");
  assert.equal(d.span.end.line, 5);
  assert.equal(diagnosticsOf("model m {\n  input 8\n  residual {\n    layer dense 8 relu\n  }\n}\n"), []);
});

test("a block used with the wrong number of arguments: DL104 at the use", () => {
  const block = "block b(filters) {\n  layer dense filters relu\n}\n";
  const extra = only(block + mlp("b 10 20"));
  assert.is(brief(extra), "error DL104 6:8 block `b` takes 1 positional argument, found 2");
  assert.equal(extra.hints, ["usage: block b FILTERS"]);
  const missing = only(block + mlp("b"));
  assert.is(brief(missing), "error DL104 6:3 block `b` needs `filters` (block parameter)");
  assert.is(missing.label, "missing `filters`");
  // Parameters may also be passed by name.
  assert.equal(diagnosticsOf(block + mlp("b filters=16")), []);
});

test("an error inside a block points at the block's line, with a note at each use site", () => {
  const text = "block inner(f) {\n  layer conv2d f\n}\nblock outer(f) {\n  inner f\n}\n" + mlp("outer 8");
  const d = only(text);
  assert.is(brief(d), "error DL201 2:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (784)");
  assert.equal(
    d.related.map((r) => `${r.span.start.line}:${r.span.start.column}-${r.span.end.column} ${r.message}`),
    ["5:3-10 in block `inner` used here", "9:3-10 in block `outer` used here"],
  );
  const option = only("block b(f) {\n  layer dense f kernel_int=zeros\n}\n" + mlp("b 8"));
  assert.is(brief(option), "error DL105 2:17 layer `dense` has no option `kernel_int`");
  assert.equal(
    option.related.map((r) => `${r.span.start.line}:${r.span.start.column} ${r.message}`),
    ["6:3 in block `b` used here"],
  );
});

test("a recursive block: DL109, directly or through another block", () => {
  const direct = only("block r(x) {\n  r x\n}\n" + mlp("r 2"));
  assert.is(brief(direct), "error DL109 2:3 block `r` uses itself");
  assert.equal(direct.hints, ["a block cannot contain itself; use `repeat` instead"]);
  assert.equal(
    direct.related.map((r) => `${r.span.start.line}:${r.span.start.column} ${r.message}`),
    ["6:3 in block `r` used here"],
  );
  const mutual = only("block a() {\n  b\n}\nblock b() {\n  a\n}\n" + mlp("a"));
  assert.is(brief(mutual), "error DL109 5:3 block `a` uses itself");
  assert.equal(
    mutual.related.map((r) => r.message),
    ["in block `b` used here", "in block `a` used here"],
  );
});

test("an unknown block, or a layer kind without `layer`: DL101", () => {
  assert.equal(only(mlp("dense 10")).hints, ["`dense` is a layer kind: write `layer dense …`"]);
  const typo = only(mlp("lyer dense 10"));
  assert.is(brief(typo), "error DL101 3:3 unknown block `lyer`");
  assert.equal(typo.hints, ["did you mean `layer`?"]);
});

test("model structure: must start with input, input only once", () => {
  assert.is(brief(only("model m {\n  layer dense 10\n}\n")), "error DL108 2:3 model `m` must start with `input`");
  assert.is(brief(only("model m {\n}\n")), "error DL108 1:7 model `m` must start with `input`");
  assert.is(brief(only(mlp("input 10"))), "error DL108 3:3 `input` may appear only once, as the first line of a model");
  assert.is(brief(onlyError("data d {\n  validation 0.1\n}\n", [unusedData(1)])), "error DL108 1:6 data `d` needs a `source`");
});

const mnist = "data mnist {\n  source mnist\n  scale 1/255\n}\n";
const trainOn = (loss = "sparse_categorical_crossentropy") => `train m on mnist {\n  optimizer adam\n  loss ${loss}\n}\n`;

test("loss and labels: DL202 at the train statement (dense 5 softmax with mnist)", () => {
  const d = only(mlp("layer dense 5 softmax") + mnist + trainOn());
  assert.is(brief(d), "error DL202 9:1 `mnist` has 10 classes, but `m` outputs 5 scores");
  assert.is(d.label, "loss does not fit the model");
  assert.equal(d.hints, ["make the last layer `layer dense 10 softmax`"]);
  const scalar = only(mlp("layer dense 1 softmax") + mnist + trainOn());
  assert.is(brief(scalar), "error DL202 9:1 `sparse_categorical_crossentropy` needs one score per class, but `m` outputs (1)");
  assert.equal(scalar.hints, ["end the model with `layer dense 10 softmax`"]);
  const oneHot = only(mlp("layer dense 10 softmax") + mnist + trainOn("categorical_crossentropy"));
  assert.is(brief(oneHot), "error DL202 9:1 `categorical_crossentropy` takes one-hot labels, but the data has class indices");
});

test("data and model input: DL201 at the train statement", () => {
  const d = only("model m {\n  input 100\n  layer dense 10 softmax\n}\n" + mnist + trainOn());
  assert.is(brief(d), "error DL201 9:1 model `m` takes (100) but `mnist` gives examples of (28, 28)");
  assert.is(d.label, "model and data do not fit");
  assert.equal(d.hints, ["change the model's first line to `input 28 28`"]);
  // Same number of values in another layout is fine (input 784, input 28 28 1).
  assert.equal(diagnosticsOf("model m {\n  input 28 28 1\n  layer flatten\n  layer dense 10 softmax\n}\n" + mnist + trainOn()), []);
});

test("sparse cross-entropy without softmax or from_logits: a warning on the last layer", () => {
  const d = only(mlp("layer dense 10") + mnist + trainOn());
  assert.is(brief(d), "warning DL202 3:3 `m` ends without softmax, so its outputs are not probabilities");
  assert.equal(d.hints, ["add `softmax` to the last layer, or write `loss sparse_categorical_crossentropy from_logits=true`"]);
  assert.equal(diagnosticsOf(mlp("layer dense 10") + mnist + trainOn("sparse_categorical_crossentropy from_logits=true")), []);
  assert.equal(diagnosticsOf(mlp("layer dense 10", "layer softmax") + mnist + trainOn()), [], "a softmax layer counts");
});

test("train, evaluate and save name a model and data that exist", () => {
  const diagnostics = diagnosticsOf(
    mlp("layer dense 10 softmax") +
      mnist +
      'train mm on mnist {\n  loss sparse_categorical_crossentropy\n}\nevaluate m on m\nevaluate m on mnist.tset\nsave mnist "x"\n',
  );
  assert.equal(diagnostics.map(brief), [
    "error DL101 9:7 unknown model `mm`",
    "error DL101 12:15 `m` is a model, not data",
    "error DL108 13:10 `evaluate` needs model `m` to be trained or loaded first",
    "error DL101 13:21 data has no split `tset`",
    "error DL101 14:6 `mnist` is data, not a model",
  ]);
  assert.equal(
    diagnostics.map((d) => d.hints[0]),
    [
      "did you mean `m`?",
      "did you mean `mnist`?",
      'add `train m on DATA { … }` or `load m "FILE.safetensors"` before this statement',
      "did you mean `test`?",
      "did you mean `m`?",
    ],
  );
  assert.is(
    brief(only(mlp("layer dense 10 softmax") + mnist + "train m on mnist {\n  epochs 1\n}\n")),
    "error DL108 9:1 `train` needs a `loss`",
  );
  assert.is(brief(only("let m = 1\n" + mnist + "evaluate m on mnist\n")), "error DL101 6:10 `m` is a constant, not a model");
});

test("a positional value after an option: DL104 on the value, with the usage", () => {
  const d = only(mlp("layer dense 10 use_bias=false softmax"));
  assert.is(brief(d), "error DL104 3:33 positional value after the option `use_bias=…`");
  assert.match(d.hints[0]!, /^usage: layer dense UNITS \[ACTIVATION\] use_bias=…/);
});

test("a missing positional argument before a later one: named, instead of 'unknown constant'", () => {
  const d = only(mlp("layer dense relu"));
  assert.is(brief(d), "error DL104 3:15 layer `dense` needs `units` (number of outputs) before `relu`");
  assert.is(d.label, "this is the `activation`");
});

test("choices may be quoted; an unknown quoted choice still gets a suggestion", () => {
  assert.equal(diagnosticsOf('model m {\n  input 28 28 1\n  layer conv2d 8 padding="same"\n}\n'), []);
  const d = only('model m {\n  input 28 28 1\n  layer conv2d 8 padding="sme"\n}\n');
  assert.is(brief(d), "error DL106 3:26 unknown padding mode `sme` for `padding` of layer `conv2d`");
  assert.equal(d.hints, ["did you mean `same`?"]);
});

test("load: resolves the model, counts as trained for evaluate and save, and joins the workflow", () => {
  const { program, diagnostics } = run(
    mlp("layer dense 10 softmax") +
      "data d {\n  source mnist\n}\n" +
      'load m "m.safetensors"\nevaluate m on d.test\nsave m "copy.safetensors"\n',
  );
  assert.equal(diagnostics, []);
  assert.equal(
    program.workflow.map((s) => s.type),
    ["load", "evaluate", "save"],
  );
  const d = only(mlp("layer dense 10 softmax") + 'load n "m.safetensors"\n');
  assert.is(brief(d), "error DL101 5:6 unknown model `n`");
});

test("a model with a mistake: its train, evaluate and save add no follow-on errors", () => {
  const diagnostics = diagnosticsOf(
    mlp("layer dens 10 softmax") +
      "data d {\n  source mnist\n}\n" +
      "train m on d {\n  loss sparse_categorical_crossentropy\n}\n" +
      'evaluate m on d.test\nsave m "m.safetensors"\n',
  );
  assert.equal(diagnostics.map(brief), ["error DL103 3:9 unknown layer kind `dens`"]);
});

test("the checked program stores canonical names with every default: lr= binds learning_rate", () => {
  const program = (optimizer: string) =>
    mlp("layer dense 10 softmax") +
    "data d {\n  source mnist\n}\n" +
    `train m on d {\n  ${optimizer}\n  loss sparse_categorical_crossentropy\n}\n`;
  const trainOf = (text: string) => {
    const step = run(text).program.workflow[0]!;
    assert.is(step.type, "train");
    return step.type === "train" ? step.train : undefined;
  };
  const short = trainOf(program("optimizer adam lr=0.01"))!;
  assert.equal(short.optimizer, {
    name: "adam",
    config: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
  });
  assert.equal(trainOf(program("optimizer adam learning_rate=0.01"))!.optimizer, short.optimizer);
  assert.equal(trainOf(program("optimizer sgd"))!.optimizer.config, { learning_rate: 0.01, momentum: 0, nesterov: false });
  const twice = only(program("optimizer sgd lr=0.1 learning_rate=0.2"));
  assert.is(brief(twice), "error DL102 9:24 `learning_rate` of optimizer `sgd` is given twice");
});

test("recovery: after a shape error the layers below are still checked (the issue's five lines)", () => {
  const diagnostics = diagnosticsOf(mlp("layer conv2d 8 kernel=3", "layer dense 64 relu kernel_initt=he_normal", "layer dens 10 softmax"));
  assert.equal(diagnostics.map(brief), [
    "error DL201 3:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (784)",
    "error DL105 4:23 layer `dense` has no option `kernel_initt`",
    "error DL103 5:9 unknown layer kind `dens`",
  ]);
});

test("recovery: an unknown shape poisons nothing; shape checks resume where a shape is known again", () => {
  // After the unknown kind, dense and dropout are checked for their values, not their shapes.
  assert.equal(
    diagnosticsOf(mlp("layer dens 10", "layer dense 10 sofmax", "layer dropout 2", "layer flatten", "layer dense 10 softmax")).map(brief),
    [
      "error DL103 3:9 unknown layer kind `dens`",
      "error DL106 4:18 unknown activation `sofmax` for `activation` of layer `dense`",
      "error DL106 5:17 `rate` of layer `dropout` must be a number in [0, 1), found 2",
    ],
  );
  // A name given on a failed line is known (no "no output is named"); `from x` brings a known shape back.
  const named = "model m {\n  input 784 as x\n  layer conv2d 8 as h\n  layer dense 4 from h\n  layer conv2d 8 from x\n}\n";
  assert.equal(diagnosticsOf(named).map(brief), [
    "error DL201 3:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (784)",
    "error DL201 5:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (784)",
  ]);
  // A residual block's output has its input's shape, whatever its body did.
  const residual = "model m {\n  input 8\n  residual {\n    layer dens 8\n  }\n  layer conv2d 4\n}\n";
  assert.equal(diagnosticsOf(residual).map(brief), [
    "error DL103 4:11 unknown layer kind `dens`",
    "error DL201 6:9 `conv2d` needs an input of rank 3 (height, width, channels), but got shape (8)",
  ]);
  // A mistake inside `repeat` is reported once, not once per repetition.
  assert.equal(diagnosticsOf(mlp("repeat 3 {\n    layer dense 8 kernel_int=zeros\n  }")).map(brief), [
    "error DL105 4:19 layer `dense` has no option `kernel_int`",
  ]);
  // A model that does not start with `input` still has its layers checked.
  assert.equal(diagnosticsOf("model m {\n  layer dens 3\n}\n").map(brief), [
    "error DL108 2:3 model `m` must start with `input`",
    "error DL103 2:9 unknown layer kind `dens`",
  ]);
});

test("recovery: a bad data block hides nothing in train, and the loss/label fit (DL202) is reported alongside", () => {
  const text =
    irisModel("layer dense 4 softmax") +
    "data d {\n  source iris\n  scael 2\n}\n" +
    "train m on d {\n  optimizer adom\n  loss sparse_categorical_crossentropy\n  epochs 0\n}\n";
  assert.equal(diagnosticsOf(text).map(brief), [
    "error DL107 7:3 unknown setting `scael` in a `data` block",
    "error DL202 9:1 `d` has 3 classes, but `m` outputs 4 scores",
    "error DL106 10:13 unknown optimizer `adom`",
    "error DL106 12:10 `epochs` must be a positive whole number, found 0",
  ]);
  // A missing `loss` is reported beside other mistakes of the same block.
  assert.equal(
    diagnosticsOf(irisModel("layer dense 3 softmax") + "data d {\n  source iris\n}\ntrain m on d {\n  epoch 2\n}\n").map(brief),
    ["error DL108 8:1 `train` needs a `loss`", "error DL107 9:3 unknown setting `epoch` in a `train` block"],
  );
  const result = run(text);
  assert.equal([...result.program.models.keys()], ["m"], "the model itself checks");
  assert.equal([...result.program.data.keys()], [], "data with a mistake stays out of the checked program");
  assert.equal(result.program.workflow, []);
});

test("evaluate on a split the data cannot have: DL301 at check time, on the split", () => {
  const program = (data: string, split: string) =>
    irisModel("layer dense 3 softmax") +
    `data d {\n  ${data}\n}\ntrain m on d {\n  loss sparse_categorical_crossentropy\n}\nevaluate m on d.${split}\n`;
  const test_ = only(program("source iris", "test"));
  assert.is(brief(test_), "error DL301 11:17 data `d` has no test split");
  assert.is(test_.label, "`source iris` gives none");
  assert.equal(test_.hints, ["evaluate on `d` or `d.validation` instead"]);
  const validation = only(program("source iris", "validation"));
  assert.is(brief(validation), "error DL301 11:17 data `d` has no validation split");
  assert.equal(validation.hints, ["add `validation 0.2` to the data block"]);
  assert.equal(diagnosticsOf(program("source iris\n  validation 0.2", "validation")), []);
  assert.equal(diagnosticsOf(program('source idx images="a" labels="b" test_images="c" test_labels="d"', "test")), []);
});

test("`shuffle` in a data block: its seed (0 unless given) is kept; `shuffle true` is the train setting's form", () => {
  const seeded = (line: string) => run(`data d {\n  source iris\n  ${line}\n  validation 0.2\n}\n`).program.data.get("d");
  assert.is(seeded("shuffle")!.shuffle, 0);
  assert.is(seeded("shuffle seed=7")!.shuffle, 7);
  assert.is(run("data d {\n  source iris\n}\n").program.data.get("d")!.shuffle, undefined);
  assert.is(
    brief(onlyError("data d {\n  source iris\n  shuffle true\n}\n", [unusedData(1)])),
    "error DL104 3:11 `shuffle` takes no positional arguments, found 1",
  );
});

test("unused let, block and data: located DL204 warnings with a hint; used ones (in values, models, train and evaluate) are quiet", () => {
  const program =
    "let width = 8\nlet spare = 3\n" +
    "block pair(units) {\n  layer dense units relu\n  layer dense units relu\n}\n" +
    "block lonely() {\n  layer dense 4\n}\n" +
    "model m {\n  input 4\n  pair width\n  layer dense 3 softmax\n}\n" +
    "data d {\n  source iris\n}\ndata e {\n  source iris\n}\ndata f {\n  source iris\n}\n" +
    "train m on d {\n  loss sparse_categorical_crossentropy\n}\nevaluate m on e\n";
  const diagnostics = diagnosticsOf(program);
  assert.equal(diagnostics.map(brief), [
    "warning DL204 2:5 constant `spare` is never used",
    "warning DL204 7:7 block `lonely` is never used",
    "warning DL204 21:6 data `f` is never used",
  ]);
  assert.equal(
    diagnostics.map((d) => d.hints[0]),
    [
      "use it in a value, or remove it",
      "write `lonely` on a line of a model, or remove it",
      "train or evaluate a model on it (`train MODEL on f { … }`), or remove it",
    ],
  );
  assert.ok(run(program).program.models.has("m"), "warnings leave the program checked");
});

test("after a syntax error the parser's recovery may have dropped a use: no DL204", () => {
  const program = "let spare = 3\ndata d {\n  source iris\n}\n";
  assert.equal(check(parse(program).program, true).diagnostics, []);
  assert.equal(check(parse(program).program).diagnostics.map(brief), [
    "warning DL204 1:5 constant `spare` is never used",
    "warning DL204 2:6 data `d` is never used",
  ]);
});

test("a dead layer: a located DL203 warning; the model still checks", () => {
  const { diagnostics, program } = run("model m {\n  input 4 as x\n  layer dense 8 relu as h\n  layer dense 3 softmax from x\n}\n");
  assert.equal(diagnostics.map(brief), ["warning DL203 3:3 the output of `dense` never reaches the output of model `m`"]);
  assert.equal(diagnostics[0]!.hints, [
    "read `h` with `from h`, `add` or `concat`, or remove the line: its weights are built, counted and never trained",
  ]);
  assert.ok(program.models.has("m"));
  // Every used name, and a block used twice, give no warning.
  assert.equal(
    diagnosticsOf(
      "model m {\n  input 4 as x\n  layer dense 8 relu as h\n  layer dense 8 from x as g\n  layer add h g\n  layer dense 3 softmax\n}\n",
    ),
    [],
  );
});

test("Keras spellings: loss mse/mae/bce, metrics acc, learning_rate= bind to dl's names", () => {
  const trainOf = (settings: string) => {
    const { program, diagnostics } = run(mlp("layer dense 1") + `data d {\n  source sine\n}\ntrain m on d {\n${settings}\n}\n`);
    assert.equal(diagnostics.filter((d) => d.severity === "error").map(brief), []);
    const step = program.workflow[0];
    return step?.type === "train" ? step.train : undefined;
  };
  assert.is(trainOf("  loss mse")?.loss.name, "mean_squared_error");
  assert.is(trainOf("  loss mae")?.loss.name, "mean_absolute_error");
  const train = trainOf("  optimizer adam learning_rate=0.01\n  loss mse\n  metrics acc mean_absolute_error");
  assert.equal(train?.metrics, ["accuracy", "mae"]);
  assert.is(train?.optimizer.config["learning_rate"], 0.01);
  const bce = run(
    mlp("layer dense 1 sigmoid").replace("input 784", "input 2") + "data d {\n  source xor\n}\ntrain m on d {\n  loss bce\n}\n",
  );
  assert.equal(bce.diagnostics, []);
  assert.is(bce.program.workflow[0]?.type === "train" ? bce.program.workflow[0].train.loss.name : undefined, "binary_crossentropy");
});

test("Keras layer class names get dl's kind; settings are named without internal names", () => {
  const hint = (kind: string) => only(mlp(`layer ${kind}`)).hints[0];
  assert.is(hint("Dense 10"), "Keras' `Dense` is `dense` in dl: write `layer dense …`");
  assert.is(
    hint("GlobalAveragePooling1D"),
    "Keras' `GlobalAveragePooling1D` is `global_avgpool1d` in dl: write `layer global_avgpool1d …`",
  );
  assert.is(
    hint("global_average_pooling1d"),
    "Keras' `GlobalAveragePooling1D` is `global_avgpool1d` in dl: write `layer global_avgpool1d …`",
  );
  assert.is(hint("max_pooling2d"), "Keras' `MaxPooling2D` is `maxpool2d` in dl: write `layer maxpool2d …`");
  assert.is(hint("Activation"), "Keras' `Activation` is the activation's own layer in dl: `layer relu`, `layer softmax`, …");
  const metric = only(
    mlp("layer dense 10 softmax") +
      "data d {\n  source mnist\n}\ntrain m on d {\n  loss sparse_categorical_crossentropy\n  metrics acuracy\n}\n",
  );
  assert.is(brief(metric), "error DL106 10:11 unknown metric `acuracy` for `metrics`");
  assert.equal(metric.hints, ["did you mean `accuracy`?"]);
  const epochs = only(
    mlp("layer dense 10 softmax") + "data d {\n  source mnist\n}\ntrain m on d {\n  loss sparse_categorical_crossentropy\n  epochs\n}\n",
  );
  assert.is(brief(epochs), "error DL104 10:3 `epochs` needs a value (e.g. 10)");
});

test("recovery: a `let` with a mistake is reported once, not at every use; a mistake in a block used twice once, with both uses", () => {
  assert.equal(
    diagnosticsOf("let hidden = 2 * widht\n" + mlp("layer dense hidden relu", "layer dense hidden kernel_int=zeros")).map(brief),
    ["error DL101 1:18 unknown constant `widht`", "error DL105 5:22 layer `dense` has no option `kernel_int`"],
  );
  const d = only("block b(f) {\n  layer dense f kernel_int=zeros\n}\n" + mlp("b 8", "b 8"));
  assert.is(brief(d), "error DL105 2:17 layer `dense` has no option `kernel_int`");
  assert.equal(
    d.related.map((r) => `${r.span.start.line}:${r.span.start.column} ${r.message}`),
    ["6:3 in block `b` used here", "7:3 in block `b` used here"],
  );
  // A model missing a layer (its `let` was wrong) is not handed on, though its output shape is known.
  const { program } = run(
    "let hidden = 2 * widht\nmodel m {\n  input 4 as x\n  layer dense hidden as h\n  layer dense 3 softmax from x\n}\n",
  );
  assert.equal([...program.models.keys()], []);
});

test.run();
