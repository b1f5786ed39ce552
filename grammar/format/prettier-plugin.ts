// The .dl parser and printer as Prettier plugin parts. format.ts formats with them;
// editors/prettier/plugin.ts registers them, with the language, for the Prettier CLI and editors.
import type { Parser, Plugin, Printer } from "prettier";
import type { Comment, Program, Span } from "../ast.ts";
import { parse } from "../parse.ts";
import { DlSyntaxError } from "./dl-syntax-error.ts";
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

const plugin: Plugin<Node> = { parsers, printers };
export default plugin;
