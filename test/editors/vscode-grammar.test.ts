import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import oniguruma from "vscode-oniguruma";
import vsctm from "vscode-textmate";
import { tmGrammarText } from "../../editors/vscode/tm-grammar.ts";
import { booleanLiterals, connectiveKeywords, keywords } from "../../grammar/keywords.ts";

const { Registry, INITIAL, parseRawGrammar } = vsctm;
const grammarFile = "editors/vscode/syntaxes/dl.tmLanguage.json";

const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
const registry = new Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scope: string) => (scope === "source.dl" ? parseRawGrammar(readFileSync(grammarFile, "utf8"), grammarFile) : null),
});
const grammar = (await registry.loadGrammar("source.dl"))!;

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(source: string): Token[] {
  const result: Token[] = [];
  let state = INITIAL;
  source.split("\n").forEach((line, index) => {
    const tokenized = grammar.tokenizeLine(line, state);
    for (const t of tokenized.tokens) result.push({ line: index + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = tokenized.ruleStack;
  });
  return result;
}

/** The innermost scope of the first token with this exact text (on the given line, if any). */
function scopeOf(tokens: Token[], text: string, line?: number): string {
  const found = tokens.find((t) => t.text === text && (line === undefined || t.line === line));
  assert.ok(found, `no token ${JSON.stringify(text)}${line ? ` on line ${line}` : ""}`);
  return found!.scopes.at(-1)!;
}

const examples = Object.fromEntries(
  readdirSync("examples")
    .filter((f) => f.endsWith(".dl"))
    .map((f) => [f, tokenize(readFileSync(join("examples", f), "utf8"))]),
);

test("the committed grammar is what generate.ts produces (run `npm run gen:editors`)", () => {
  assert.is(readFileSync(grammarFile, "utf8"), tmGrammarText());
});

test("examples: keywords, names, layer kinds, numbers, strings, comments and options", () => {
  const mlp = examples["mnist_mlp.dl"]!;
  assert.equal(
    mlp.filter((t) => t.line === 1).map((t) => t.scopes.slice(1)),
    [["comment.line.number-sign.dl", "punctuation.definition.comment.dl"], ["comment.line.number-sign.dl"]],
  );
  assert.equal(mlp.find((t) => t.text.includes("28x28"))?.scopes.at(-1), "comment.line.number-sign.dl");
  assert.is(scopeOf(mlp, "model"), "keyword.control.dl");
  assert.is(scopeOf(mlp, "mnist_mlp", 3), "entity.name.type.dl");
  assert.is(scopeOf(mlp, "784", 4), "constant.numeric.dl");
  assert.is(scopeOf(mlp, "dense"), "support.function.layer.dl");
  assert.is(scopeOf(mlp, "1", 12), "constant.numeric.dl");
  assert.is(scopeOf(mlp, "/", 12), "keyword.operator.arithmetic.dl");
  assert.is(scopeOf(mlp, "lr"), "variable.parameter.dl");
  assert.is(scopeOf(mlp, "="), "keyword.operator.assignment.dl");
  assert.is(scopeOf(mlp, "0.001"), "constant.numeric.dl");
  assert.is(scopeOf(mlp, "on"), "keyword.other.dl");
  assert.is(scopeOf(mlp, '"mnist_mlp.safetensors"'), "string.quoted.double.dl");

  const resnet = examples["resnet_blocks.dl"]!;
  assert.is(scopeOf(resnet, "conv_bn", 4), "entity.name.function.dl");
  assert.is(scopeOf(resnet, "width", 2), "variable.other.constant.dl");
  assert.is(scopeOf(resnet, "repeat"), "keyword.control.dl");
  assert.is(scopeOf(resnet, "residual"), "keyword.control.dl");
  assert.is(scopeOf(resnet, "global_avgpool2d"), "support.function.layer.dl");
  assert.is(scopeOf(resnet, "padding"), "variable.parameter.dl");
  assert.is(scopeOf(resnet, "true"), "constant.language.dl");

  const iris = examples["iris.dl"]!;
  assert.is(scopeOf(iris, "iris", 11), "entity.name.type.dl");
  assert.is(scopeOf(iris, '"data/iris.csv"'), "string.quoted.double.dl");
  assert.is(scopeOf(iris, "label"), "variable.parameter.dl");
});

test("every example: comments, numbers and layer kinds are scoped wherever they appear", () => {
  let layerKinds = 0;
  for (const [file, tokens] of Object.entries(examples)) {
    for (const [i, t] of tokens.entries()) {
      const inner = t.scopes.at(-1)!;
      if (t.scopes.some((s) => s.startsWith("comment") || s.startsWith("string"))) continue;
      if (/^\d+(\.\d*)?$/.test(t.text)) assert.is(inner, "constant.numeric.dl", `${file}:${t.line} ${t.text}`);
      if (t.text === "#") assert.unreachable(`${file}:${t.line} # outside a comment`);
      if (tokens[i - 2]?.text === "layer") {
        assert.is(inner, "support.function.layer.dl", `${file}:${t.line} ${t.text}`);
        layerKinds++;
      }
    }
    assert.ok(
      tokens.some((t) => t.scopes.includes("comment.line.number-sign.dl")),
      `${file} has a comment`,
    );
  }
  assert.is(layerKinds, 33, "every `layer` line of the examples");
});

test("every keyword in grammar/keywords.ts is highlighted as a keyword", () => {
  for (const word of keywords) {
    const expected = (connectiveKeywords as readonly string[]).includes(word) ? "keyword.other.dl" : "keyword.control.dl";
    assert.is(scopeOf(tokenize(`${word} `), word), expected, word);
  }
  for (const word of booleanLiterals) assert.is(scopeOf(tokenize(`x ${word}`), word), "constant.language.dl", word);
  // Longer names that start with a keyword are plain identifiers, as in the lexer.
  assert.is(scopeOf(tokenize("layers models"), "layers models"), "source.dl");
});

test.run();
