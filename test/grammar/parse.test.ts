// parse(): every construct of the language builds the expected AST, with exact spans.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type * as ast from "../../grammar/ast.ts";
import { parse } from "../../grammar/parse.ts";

/** Parses text that must be free of errors. */
function program(text: string): ast.Program {
  const { program, diagnostics } = parse(text);
  assert.equal(diagnostics, [], `unexpected diagnostics for:\n${text}`);
  return program;
}

/** The tree without spans, for comparing structure. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "span")
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return value;
}

/** `line:column-line:column` of a span. */
function where(span: ast.Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

const id = (name: string) => ({ type: "Identifier", name });
const num = (value: number, raw = String(value)) => ({ type: "Number", value, raw });
const bin = (operator: string, left: unknown, right: unknown) => ({ type: "Binary", operator, left, right });
const str = (value: string, raw = JSON.stringify(value)) => ({ type: "String", value, raw });

function letValue(text: string): unknown {
  const [statement] = program(`let x = ${text}\n`).body;
  assert.is(statement!.type, "Let");
  return strip((statement as ast.Let).value);
}

test("let: numbers, 1/255, 2*hidden, exponents", () => {
  assert.equal(strip(program("let hidden = 128\n").body), [{ type: "Let", name: id("hidden"), value: num(128) }]);
  assert.equal(letValue("1/255"), bin("/", num(1), num(255)));
  assert.equal(letValue("2*hidden"), bin("*", num(2), id("hidden")));
  assert.equal(letValue("1e-3"), num(0.001, "1e-3"));
  assert.equal(letValue("0.5"), num(0.5, "0.5"));
  assert.equal(letValue(".25"), num(0.25, ".25"));
});

test("operator precedence, left associativity and parentheses", () => {
  assert.equal(letValue("1 + 2 * 3"), bin("+", num(1), bin("*", num(2), num(3))));
  assert.equal(letValue("1 * 2 + 3"), bin("+", bin("*", num(1), num(2)), num(3)));
  assert.equal(letValue("8 - 4 - 2"), bin("-", bin("-", num(8), num(4)), num(2)));
  assert.equal(letValue("8 / 4 / 2"), bin("/", bin("/", num(8), num(4)), num(2)));
  assert.equal(letValue("(1 + 2) * 3"), bin("*", bin("+", num(1), num(2)), num(3)));
  assert.equal(letValue("8 - (4 - 2)"), bin("-", num(8), bin("-", num(4), num(2))));
});

test("unary minus binds tighter than * and nests", () => {
  assert.equal(letValue("-2"), { type: "Unary", operator: "-", operand: num(2) });
  assert.equal(letValue("-2 * 3"), bin("*", { type: "Unary", operator: "-", operand: num(2) }, num(3)));
  assert.equal(letValue("--a"), { type: "Unary", operator: "-", operand: { type: "Unary", operator: "-", operand: id("a") } });
  assert.equal(letValue("1 - -a"), bin("-", num(1), { type: "Unary", operator: "-", operand: id("a") }));
  assert.equal(letValue("-(1 + 2)"), { type: "Unary", operator: "-", operand: bin("+", num(1), num(2)) });
});

test("expression spans: operands, parentheses widen the span, unary starts at the minus", () => {
  const [statement] = program("let a = -2 * (3 + x) - 4\n").body;
  const let_ = statement as ast.Let;
  assert.is(where(let_.span), "1:1-1:25");
  assert.is(where(let_.name.span), "1:5-1:6");
  const minus = let_.value as ast.BinaryExpression;
  assert.is(where(minus.span), "1:9-1:25");
  const times = minus.left as ast.BinaryExpression;
  assert.is(where(times.span), "1:9-1:21");
  assert.is(where(times.left.span), "1:9-1:11");
  assert.is(where((times.left as ast.UnaryExpression).operand.span), "1:10-1:11");
  assert.is(where(times.right.span), "1:14-1:21", "the parenthesised sum covers its parentheses");
  assert.equal(let_.value.span.start, { offset: 8, line: 1, column: 9 });
  assert.equal(let_.value.span.end, { offset: 24, line: 1, column: 25 });
});

test("model: input, layer with positional args and options, spans per line", () => {
  const text = "model mnist_cnn {\n  input 28 28 1\n  layer conv2d 2*w relu kernel=[3, 3] padding=same\n}\n";
  const [model] = program(text).body as ast.ModelDecl[];
  assert.equal(strip(model), {
    type: "Model",
    name: id("mnist_cnn"),
    body: [
      { type: "Input", dims: [num(28), num(28), num(1)], as: null },
      {
        type: "Layer",
        kind: id("conv2d"),
        args: [bin("*", num(2), id("w")), id("relu")],
        options: [
          { type: "Option", key: id("kernel"), value: { type: "List", items: [num(3), num(3)] } },
          { type: "Option", key: id("padding"), value: id("same") },
        ],
        from: null,
        as: null,
      },
    ],
  });
  assert.is(where(model!.span), "1:1-4:2");
  assert.is(where(model!.name.span), "1:7-1:16");
  const [input, layer] = model!.body as [ast.InputStmt, ast.LayerStmt];
  assert.is(where(input.span), "2:3-2:16", "a statement ends at its last token, not at the newline");
  assert.is(where(layer.span), "3:3-3:51");
  assert.is(where(layer.kind.span), "3:9-3:15");
  assert.is(where(layer.options[0]!.span), "3:25-3:38");
  assert.is(where(layer.options[0]!.value.span), "3:32-3:38");
  assert.equal(layer.span.start, { offset: 36, line: 3, column: 3 });
});

test("options may come before positional values; the parser keeps both lists", () => {
  const [model] = program("model m {\n  input 2\n  layer dense use_bias=false 4\n}\n").body as ast.ModelDecl[];
  const layer = model!.body[1] as ast.LayerStmt;
  assert.equal(strip(layer.args), [num(4)]);
  assert.equal(strip(layer.options), [{ type: "Option", key: id("use_bias"), value: id("false") }]);
});

test("block with params and a use statement with args and options", () => {
  const text =
    "block conv_bn(filters, size) {\n  layer conv2d filters kernel=size\n}\nblock plain() {\n  layer relu\n}\nmodel m {\n  input 28 28 1\n  conv_bn 32 size=3\n}\n";
  const [block, plain, model] = program(text).body as [ast.BlockDecl, ast.BlockDecl, ast.ModelDecl];
  assert.equal(strip(block), {
    type: "Block",
    name: id("conv_bn"),
    params: [id("filters"), id("size")],
    body: [
      {
        type: "Layer",
        kind: id("conv2d"),
        args: [id("filters")],
        options: [{ type: "Option", key: id("kernel"), value: id("size") }],
        from: null,
        as: null,
      },
    ],
  });
  assert.is(where(block.params[1]!.span), "1:24-1:28");
  assert.equal(strip(plain.params), []);
  assert.equal(strip(model.body[1]), {
    type: "Use",
    name: id("conv_bn"),
    args: [num(32)],
    options: [{ type: "Option", key: id("size"), value: num(3) }],
  });
  assert.is(where(model.body[1]!.span), "9:3-9:20");
});

test("repeat and residual nest, with spans from keyword to closing brace", () => {
  const text = "model m {\n  input 8\n  repeat 2 {\n    residual {\n      layer dense 8 relu\n    }\n    layer relu\n  }\n}\n";
  const [model] = program(text).body as ast.ModelDecl[];
  const repeat = model!.body[1] as ast.RepeatStmt;
  assert.equal(strip(repeat), {
    type: "Repeat",
    count: num(2),
    body: [
      { type: "Residual", body: [{ type: "Layer", kind: id("dense"), args: [num(8), id("relu")], options: [], from: null, as: null }] },
      { type: "Layer", kind: id("relu"), args: [], options: [], from: null, as: null },
    ],
  });
  assert.is(where(repeat.span), "3:3-8:4");
  assert.is(where(repeat.body[0]!.span), "4:5-6:6");
});

test("data and train settings: names, strings, expressions, several values, options", () => {
  const text =
    'data d {\n  source csv "data/iris.csv" label=species\n  scale 1/255\n  validation 0.2\n}\ntrain m on d {\n  optimizer adam lr=0.001\n  metrics accuracy loss\n}\n';
  const [data, train] = program(text).body as [ast.DataDecl, ast.TrainStmt];
  assert.equal(strip(data), {
    type: "Data",
    name: id("d"),
    settings: [
      {
        type: "Setting",
        key: id("source"),
        args: [id("csv"), str("data/iris.csv")],
        options: [{ type: "Option", key: id("label"), value: id("species") }],
      },
      { type: "Setting", key: id("scale"), args: [bin("/", num(1), num(255))], options: [] },
      { type: "Setting", key: id("validation"), args: [num(0.2, "0.2")], options: [] },
    ],
  });
  assert.equal(strip(train), {
    type: "Train",
    model: id("m"),
    data: id("d"),
    settings: [
      {
        type: "Setting",
        key: id("optimizer"),
        args: [id("adam")],
        options: [{ type: "Option", key: id("lr"), value: num(0.001, "0.001") }],
      },
      { type: "Setting", key: id("metrics"), args: [id("accuracy"), id("loss")], options: [] },
    ],
  });
  assert.is(where(data.settings[0]!.span), "2:3-2:43");
  assert.is(where(train.span), "6:1-9:2");
  assert.is(where(train.data.span), "6:12-6:13");
});

test("evaluate with and without a split (`train` is a keyword but also a split)", () => {
  const body = program("evaluate m on d.test\nevaluate m on d\nevaluate m on d.train\n").body as ast.EvaluateStmt[];
  assert.equal(strip(body), [
    { type: "Evaluate", model: id("m"), data: id("d"), split: id("test") },
    { type: "Evaluate", model: id("m"), data: id("d"), split: null },
    { type: "Evaluate", model: id("m"), data: id("d"), split: id("train") },
  ]);
  assert.is(where(body[0]!.span), "1:1-1:21");
  assert.is(where(body[0]!.split!.span), "1:17-1:21");
  assert.is(where(body[1]!.span), "2:1-2:16");
});

test("save with a string; escapes are decoded and the raw text kept", () => {
  const [save, other] = program('save m "out/m.safetensors"\nsave m "a \\"b\\" \\\\ c"\n').body as ast.SaveStmt[];
  assert.equal(strip(save), { type: "Save", model: id("m"), path: str("out/m.safetensors") });
  assert.is(where(save!.path.span), "1:8-1:27");
  assert.is(other!.path.value, 'a "b" \\ c');
  assert.is(other!.path.raw, '"a \\"b\\" \\\\ c"');
});

test("lists: [3, 3], empty, nested, mixed values", () => {
  const [model] = program('model m {\n  input 2\n  layer x k=[3, 3] e=[] n=[1, [2, 3], "s", a]\n}\n').body as ast.ModelDecl[];
  const options = (model!.body[1] as ast.LayerStmt).options;
  assert.equal(strip(options.map((o) => o.value)), [
    { type: "List", items: [num(3), num(3)] },
    { type: "List", items: [] },
    { type: "List", items: [num(1), { type: "List", items: [num(2), num(3)] }, str("s"), id("a")] },
  ]);
});

test("comments are collected in program.comments with spans, and do not end up in the body", () => {
  const text = "# header\nlet a = 1 # trailing\nmodel m { # after brace\n  input 2 # dims\n}\n#last";
  const result = program(text);
  assert.equal(
    result.comments.map((c) => [c.value, where(c.span)]),
    [
      ["# header", "1:1-1:9"],
      ["# trailing", "2:11-2:21"],
      ["# after brace", "3:11-3:24"],
      ["# dims", "4:11-4:17"],
      ["#last", "6:1-6:6"],
    ],
  );
  assert.equal(
    result.body.map((s) => s.type),
    ["Let", "Model"],
  );
  assert.equal(
    result.comments.every((c) => c.type === "Comment"),
    true,
  );
});

test("keywords are whole words: `models`, `one_hot`, `input_dim` are names", () => {
  const [let_, model] = program("let models = 1\nmodel m {\n  input 2\n  layer embedding input_dim=3 one_hot=on_\n}\n").body as [
    ast.Let,
    ast.ModelDecl,
  ];
  assert.is(let_.name.name, "models");
  const layer = model.body[1] as ast.LayerStmt;
  assert.equal(strip(layer.options), [
    { type: "Option", key: id("input_dim"), value: num(3) },
    { type: "Option", key: id("one_hot"), value: id("on_") },
  ]);
});

test("CRLF line endings, blank lines, a missing final newline and the program span", () => {
  const result = program("\r\nlet a = 1\r\n\r\n\r\nlet b = 2");
  assert.equal(
    result.body.map((s) => [(s as ast.Let).name.name, where(s.span)]),
    [
      ["a", "2:1-2:10"],
      ["b", "5:1-5:10"],
    ],
  );
  assert.is(where(result.span), "1:1-5:10");
});

test("the empty program (parse warns DL005; the AST is empty)", () => {
  assert.equal(
    parse("").diagnostics.map((d) => d.code),
    ["DL005"],
  );
  const result = parse("").program;
  assert.equal(result.body, []);
  assert.equal(result.comments, []);
  assert.is(where(result.span), "1:1-1:1");
});

test.run();
