// The dl language server: diagnostics as you type, hover, completion, definition, references,
// outline, formatting, quick fixes and shape hints, on the same parser, checker and printer as
// the `dl` command. It speaks LSP over any connection; main.ts gives it stdio.
import { TextDocuments, TextDocumentSyncKind, type Connection } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { DlSyntaxError, formatDl } from "../../interpreter/api.ts";
import { analyze } from "./analysis.ts";
import { completions } from "./completion.ts";
import { hoverText } from "./hover.ts";
import { shapeHints } from "./inlay-hints.ts";
import { toLspDiagnostic } from "./lsp-diagnostics.ts";
import { definition, references } from "./navigation.ts";
import { quickFixes } from "./quick-fixes.ts";
import { rangeOf } from "./ranges.ts";
import { documentSymbols } from "./symbols.ts";

export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [" ", "="] },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: true,
      inlayHintProvider: true,
    },
    serverInfo: { name: "dl-language-server" },
  }));

  documents.onDidChangeContent(({ document }) => {
    const diagnostics = analyze(document).diagnostics.map((d) => toLspDiagnostic(d, document));
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  });
  documents.onDidClose(({ document }) => void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }));

  /** Runs a request on an open document; unknown documents get `fallback`. */
  const on = <T>(uri: string, fallback: T, answer: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    return document ? answer(document) : fallback;
  };

  connection.onHover(({ textDocument, position }) =>
    on(textDocument.uri, null, (document) => {
      const value = hoverText(analyze(document), document.offsetAt(position));
      return value ? { contents: { kind: "markdown" as const, value } } : null;
    }),
  );
  connection.onCompletion(({ textDocument, position }) =>
    on(textDocument.uri, [], (document) => completions(analyze(document), document.offsetAt(position))),
  );
  connection.onDefinition(({ textDocument, position }) =>
    on(textDocument.uri, null, (document) => {
      const span = definition(analyze(document), document.offsetAt(position));
      return span ? { uri: document.uri, range: rangeOf(span, document) } : null;
    }),
  );
  connection.onReferences(({ textDocument, position, context }) =>
    on(textDocument.uri, [], (document) =>
      references(analyze(document), document.offsetAt(position), context.includeDeclaration).map((span) => ({
        uri: document.uri,
        range: rangeOf(span, document),
      })),
    ),
  );
  connection.onDocumentSymbol(({ textDocument }) =>
    on(textDocument.uri, [], (document) => documentSymbols(analyze(document).program, document)),
  );
  connection.onCodeAction(({ textDocument, context }) => quickFixes(textDocument.uri, context.diagnostics));
  connection.languages.inlayHint.on(({ textDocument }) => on(textDocument.uri, [], (document) => shapeHints(analyze(document), document)));
  connection.onDocumentFormatting(async ({ textDocument }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const text = document.getText();
    try {
      const formatted = await formatDl(text);
      if (formatted === text) return [];
      return [{ range: { start: document.positionAt(0), end: document.positionAt(text.length) }, newText: formatted }];
    } catch (e) {
      // A file that does not parse is left as it is; its diagnostics already say why.
      if (e instanceof DlSyntaxError) return [];
      throw e;
    }
  });

  documents.listen(connection);
  connection.listen();
}
