// `npm run package:vscode` builds a .vsix without warnings that holds the bundles, the grammar and
// the documents, and the bundled server answers over stdio as the extension will start it.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";

test("the .vsix packs without warnings and holds what the extension needs, nothing more", () => {
  const packed = spawnSync(process.execPath, ["scripts/package-vscode.mjs"], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const output = packed.stdout + packed.stderr;
  assert.is(packed.status, 0, output);
  assert.not.match(output, /WARNING/i);
  const files = [...output.matchAll(/[├└]─ (\S+)/g)].map((match) => match[1]);
  assert.equal(
    files.sort(),
    [
      "changelog.md",
      "LICENSE.txt",
      "readme.md",
      "[Content_Types].xml",
      "dist/",
      "extension.cjs",
      "extension.vsixmanifest",
      "extension/",
      "images/",
      "language-configuration.json",
      "package.json",
      "screenshot.png",
      "server.mjs",
      "syntaxes/",
      "dl.tmLanguage.json",
    ].sort(),
  );
});

test("the bundled server (dist/server.mjs) shows a layer's shape on hover", async () => {
  const server = spawn(process.execPath, ["editors/vscode/dist/server.mjs", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const client = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  client.listen();
  try {
    await client.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
    const uri = "file:///mnist_cnn.dl";
    client.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "dl", version: 1, text: readFileSync("examples/mnist_cnn.dl", "utf8") },
    });
    const hover: { contents: { value: string } } = await client.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 5, character: 10 },
    });
    assert.match(hover?.contents.value ?? "", "output `(None, 26, 26, 32)`, 320 params");
    await client.sendRequest("shutdown");
    client.sendNotification("exit");
    await new Promise((done) => server.on("exit", done));
  } finally {
    client.dispose();
    server.kill();
  }
});

test.run();
