// The VS Code extension: starts dl-language-server (bundled beside it as dist/server.mjs) for
// .dl files. Highlighting stays with the TextMate grammar in syntaxes/.
import type { ExtensionContext } from "vscode";
import { LanguageClient, TransportKind } from "vscode-languageclient/node.js";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const server = { module: context.asAbsolutePath("dist/server.mjs"), transport: TransportKind.stdio };
  client = new LanguageClient("dl", "dl language server", { run: server, debug: server }, { documentSelector: [{ language: "dl" }] });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
