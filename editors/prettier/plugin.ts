// The Prettier 3 plugin for .dl files: `prettier --plugin ./editors/prettier/index.mjs x.dl`
// (index.mjs loads this TypeScript file through tsx) or prettier.format(text, { parser: "dl", plugins: [plugin] }).
import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Comment, Program, Span } from "../../grammar/ast.ts";
import { parse } from "../../grammar/parse.ts";
import { printProgram } from "./print-program.ts";

/**
 * The root Prettier sees. Comments sit under `lineComments`, not `comments`, so that
 * Prettier leaves them to print-program.ts instead of attaching them itself.
 */
export interface DlDocument {
  type: "DlDocument";
  program: Program;
  lineComments: Comment[];
  span: Span;
}

/** The error a parse failure throws: Prettier prints a code frame from `loc`; the CLI can render `diagnostic`. */
export class DlSyntaxError extends SyntaxError {
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };

  constructor(readonly diagnostic: Diagnostic) {
    super(`${diagnostic.message} (${diagnostic.code})`);
    const { start, end } = diagnostic.span;
    this.loc = { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
  }
}

export const languages: SupportLanguage[] = [{ name: "DL", parsers: ["dl"], extensions: [".dl"], vscodeLanguageIds: ["dl"] }];

type Node = { span: Span };

const dlParser: Parser<Node> = {
  astFormat: "dl-ast",
  parse(text): DlDocument {
    const { program, diagnostics } = parse(text);
    const first = diagnostics.find((d) => d.severity === "error");
    if (first) throw new DlSyntaxError(first);
    const end = { offset: text.length, line: text.split("\n").length, column: text.length - text.lastIndexOf("\n") };
    return { type: "DlDocument", program, lineComments: program.comments, span: { start: program.span.start, end } };
  },
  locStart: (node) => node.span.start.offset,
  locEnd: (node) => node.span.end.offset,
};

const dlPrinter: Printer<Node> = {
  // The root prints the whole program; children are not visited through the path.
  print(path) {
    const root = path.node as DlDocument;
    return printProgram(root.program, root.lineComments);
  },
  getVisitorKeys: () => [],
};

export const parsers = { dl: dlParser };
export const printers = { "dl-ast": dlPrinter };

const plugin: Plugin<Node> = { languages, parsers, printers };
export default plugin;
