// `node --import tsx scripts/vscode-screenshot.ts`: draws editors/vscode/images/screenshot.png, the
// extension README's picture. The text is coloured by the extension's own TextMate grammar, and the
// shape hints, the hover and the diagnostic are the language server's answers for this text; only
// the editor around them is drawn here (no VS Code runs on a build machine).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import oniguruma from "vscode-oniguruma";
import vsctm from "vscode-textmate";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze } from "../editors/lsp/analysis.ts";
import { hoverText } from "../editors/lsp/hover.ts";
import { shapeHints } from "../editors/lsp/inlay-hints.ts";

const text = `model mnist_mlp {
  input 784
  layer dense 128 relu
  layer dropout 0.2
  layer dense 64 relu
  layer dense 10 softmax
}

model broken {
  input 784
  layer dnse 10
}
`;
const document = TextDocument.create("file:///mnist.dl", "dl", 1, text);
const analysis = analyze(document);
const hoverAt = text.indexOf("dense 128") + 2;
const hover = hoverText(analysis, hoverAt)!.split("\n\nArguments:")[0]!;
const hints = shapeHints(analysis, document);
const problem = analysis.diagnostics[0]!;

const colours: [RegExp, string][] = [
  [/^comment/, "#6a9955"],
  [/^keyword\.(other|control)/, "#569cd6"],
  [/^support\.function/, "#dcdcaa"],
  [/^entity\.name/, "#4ec9b0"],
  [/^constant\.numeric/, "#b5cea8"],
  [/^constant\.language|^variable\.other\.constant/, "#4fc1ff"],
  [/^variable\.parameter/, "#9cdcfe"],
  [/^string/, "#ce9178"],
];

const { Registry, INITIAL, parseRawGrammar } = vsctm;
const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
const registry = new Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async () => parseRawGrammar(readFileSync("editors/vscode/syntaxes/dl.tmLanguage.json", "utf8"), "dl.tmLanguage.json"),
});
const grammar = (await registry.loadGrammar("source.dl"))!;

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const markdown = (s: string) =>
  escape(s)
    .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .split("\n\n")
    .map((p) => `<p>${p}</p>`)
    .join("");

let state = INITIAL;
const lines = text
  .trimEnd()
  .split("\n")
  .map((line, index) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    const lineStart = document.offsetAt({ line: index, character: 0 });
    let html = "";
    for (const token of tokens) {
      const scope = token.scopes.at(-1) ?? "";
      const colour = colours.find(([pattern]) => pattern.test(scope))?.[1] ?? "#d4d4d4";
      const from = lineStart + token.startIndex;
      const squiggle = from >= problem.span.start.offset && from < problem.span.end.offset ? " class=squiggle" : "";
      html += `<span style="color:${colour}"${squiggle}>${escape(line.slice(token.startIndex, token.endIndex))}</span>`;
    }
    for (const hint of hints.filter((h) => h.position.line === index)) html += `<span class=hint>${escape(String(hint.label))}</span>`;
    if (index === 2) html += `<div class=hover>${markdown(hover)}</div>`;
    if (index === problem.span.start.line - 1)
      html += `<span class=problem>${escape(`${problem.code}: ${problem.message} — ${problem.hints[0]}`)}</span>`;
    return `<div class=line><span class=number>${index + 1}</span>${html}</div>`;
  });

const page = `<!doctype html><style>
body { margin: 0; background: #1e1e1e; font: 14px/21px "DejaVu Sans Mono", monospace; color: #d4d4d4; }
.tab { background: #252526; color: #fff; padding: 8px 16px; font-family: "DejaVu Sans", sans-serif; font-size: 13px; border-bottom: 1px solid #333; }
.code { padding: 10px 0; }
.line { position: relative; white-space: pre; height: 21px; }
.number { display: inline-block; width: 44px; padding-right: 18px; text-align: right; color: #858585; }
.hint { color: #a0a0a0; background: #2d2d2d; border-radius: 3px; padding: 0 4px; margin-left: 8px; font-size: 13px; }
.squiggle { text-decoration: underline wavy #f14c4c; text-underline-offset: 3px; }
.problem { color: #f14c4c; margin-left: 24px; font-style: italic; font-size: 13px; }
.hover { position: absolute; left: 170px; top: 22px; z-index: 1; white-space: normal; width: 470px; background: #252526; border: 1px solid #454545;
  padding: 2px 12px; font-family: "DejaVu Sans", sans-serif; font-size: 13px; line-height: 19px; box-shadow: 0 2px 8px #000a; }
.hover code { font-family: "DejaVu Sans Mono", monospace; color: #ce9178; }
</style><div class=tab>mnist.dl</div><div class=code>${lines.join("")}</div>`;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const tab = await browser.newPage({ viewport: { width: 900, height: 330 } });
await tab.setContent(page);
await tab.screenshot({ path: "editors/vscode/images/screenshot.png" });
await browser.close();
console.log("wrote editors/vscode/images/screenshot.png");
