// The language server as an editor drives it: a real LSP client (vscode-jsonrpc) talks to
// `dl-language-server` over stdio through one session, from initialize to exit.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import type { CompletionItem, Hover, InitializeResult, Location, PublishDiagnosticsParams, TextEdit } from "vscode-languageserver-protocol";
import { formatDl } from "../../grammar/format/format.ts";

const server = spawn(process.execPath, ["--import", "tsx", "editors/lsp/main.ts"], { stdio: ["pipe", "pipe", "inherit"] });
const client = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const published: PublishDiagnosticsParams[] = [];
const waiting: (() => void)[] = [];
client.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
  published.push(params);
  waiting.splice(0).forEach((wake) => wake());
});
client.listen();
// A failed test leaves the server running; it must not keep the test process alive.
test.after(() => void server.kill());

/** The diagnostics the server publishes for a document's `version`. */
async function diagnosticsFor(version: number): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const found = published.find((p) => p.version === version);
    if (found) return found;
    await new Promise<void>((wake) => waiting.push(wake));
  }
}

const uri = "file:///work/mnist.dl";
const program = `model mnist_mlp {
  input 784
  layer dense 128 relu
  layer dnse 10 softmax
}

data mnist {
  source mnist
}

train mnist_mlp on mnist {
  optimizer adam lr=0.001
  loss sparse_categorical_crossentropy
}
`;
const fixed = program.replace("dnse", "dense");
/** LSP position (0-based) of the `n`th occurrence of `text`, plus `shift` characters. */
function at(source: string, text: string, shift = 0, nth = 0) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = source.indexOf(text, offset + 1);
  const before = source.slice(0, offset + shift).split("\n");
  return { line: before.length - 1, character: before.at(-1)!.length };
}
const doc = { uri };

test("initialize announces the features", async () => {
  const result: InitializeResult = await client.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  client.sendNotification("initialized", {});
  for (const feature of [
    "hoverProvider",
    "completionProvider",
    "definitionProvider",
    "referencesProvider",
    "documentFormattingProvider",
    "documentSymbolProvider",
    "codeActionProvider",
  ] as const) {
    assert.ok(result.capabilities[feature], feature);
  }
});

test("didOpen: DL103 on the misspelled layer kind, with its range, hint and a quick fix", async () => {
  client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dl", version: 1, text: program } });
  const { diagnostics } = await diagnosticsFor(1);
  assert.is(diagnostics.length, 1);
  const [dl103] = diagnostics;
  assert.is(dl103!.code, "DL103");
  assert.is(dl103!.source, "dl");
  assert.match(dl103!.message, "unknown layer kind `dnse`");
  assert.match(dl103!.message, "did you mean `dense`?");
  assert.equal(dl103!.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } });
  const actions: { title: string; edit: { changes: Record<string, TextEdit[]> } }[] = await client.sendRequest("textDocument/codeAction", {
    textDocument: doc,
    range: dl103!.range,
    context: { diagnostics },
  });
  assert.equal(actions[0]!.edit.changes[uri], [{ range: dl103!.range, newText: "dense" }]);
});

test("didChange: the fix clears the diagnostics", async () => {
  client.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } }, text: "dense" }],
  });
  assert.equal((await diagnosticsFor(2)).diagnostics, []);
});

test("hover on a layer: its output shape, parameter count and doc", async () => {
  const hover: Hover = await client.sendRequest("textDocument/hover", { textDocument: doc, position: at(fixed, "layer dense 128", 7) });
  const text = (hover.contents as { value: string }).value;
  assert.match(text, "output `(None, 128)`, 100,480 params");
  assert.match(text, "keras.layers.Dense");
});

test("hover on an option: its type, default and doc; on a model name: its summary", async () => {
  const option: Hover = await client.sendRequest("textDocument/hover", { textDocument: doc, position: at(fixed, "lr=", 1) });
  assert.match((option.contents as { value: string }).value, "**learning_rate** (also `lr`): a number, default `0.001` — step size");
  const model: Hover = await client.sendRequest("textDocument/hover", { textDocument: doc, position: at(fixed, "mnist_mlp on", 2) });
  assert.match((model.contents as { value: string }).value, 'Model: "mnist_mlp"');
});

test("completion: `dense` after `layer de`; options with defaults; names in scope", async () => {
  client.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: 3 },
    contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: "  layer de\n" }],
  });
  const kinds: CompletionItem[] = await client.sendRequest("textDocument/completion", {
    textDocument: doc,
    position: { line: 4, character: 10 },
  });
  assert.ok(kinds.some((item) => item.label === "dense" && item.detail === "keras.layers.Dense"));
  client.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: 4 },
    contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: "" }],
  });
  const options: CompletionItem[] = await client.sendRequest("textDocument/completion", {
    textDocument: doc,
    position: at(fixed, "adam ", 5),
  });
  assert.ok(options.some((item) => item.label === "beta_1=" && item.detail === "default 0.9"));
  const models: CompletionItem[] = await client.sendRequest("textDocument/completion", {
    textDocument: doc,
    position: at(fixed, "train ", 6),
  });
  assert.equal(
    models.map((item) => item.label),
    ["mnist_mlp"],
  );
});

test("definition and references of a model", async () => {
  const location: Location = await client.sendRequest("textDocument/definition", {
    textDocument: doc,
    position: at(fixed, "mnist_mlp on", 3),
  });
  assert.equal(location.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 15 } });
  const uses: Location[] = await client.sendRequest("textDocument/references", {
    textDocument: doc,
    position: at(fixed, "mnist_mlp"),
    context: { includeDeclaration: true },
  });
  assert.is(uses.length, 2);
});

test("formatting goes through the same printer as `dl fmt`", async () => {
  const messy = readFileSync("examples/xor.dl", "utf8").replace("layer dense 8 tanh", "layer   dense 8    tanh");
  client.sendNotification("textDocument/didOpen", {
    textDocument: { uri: "file:///work/xor.dl", languageId: "dl", version: 1, text: messy },
  });
  const edits: TextEdit[] = await client.sendRequest("textDocument/formatting", {
    textDocument: { uri: "file:///work/xor.dl" },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.is(edits.length, 1);
  assert.is(edits[0]!.newText, await formatDl(messy));
});

test("shutdown and exit", async () => {
  await client.sendRequest("shutdown");
  const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
  client.sendNotification("exit");
  assert.is(await exited, 0);
  client.dispose();
});

test.run();
