// Three slips people bring from other languages, each reported once with dl's own form instead
// of the cascade a parser produces: 'single quotes', `{` on the line after its statement, and a
// Python/Keras-style call `layer dense(16, activation="relu")`. The first two are repaired
// before parsing (the same length of text, the same token positions), so the rest of the file
// parses as intended; the third replaces the syntax errors of its line.
import type { IToken } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "./ast.ts";
import { tokenSpan } from "./to-ast.ts";

/** `'iris.csv'` outside comments and strings becomes `"iris.csv"`, with one DL001 each. */
export function singleQuotedStrings(source: string): { source: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const units = source.split(""); // UTF-16 units, as offsets count them
  let lineStart = 0;
  source.split("\n").forEach((text, index) => {
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === "#") break;
      else if (c === '"') inString = true;
      else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const inner = text.slice(i + 1, close);
        if (close < 0 || inner.includes('"')) break;
        const line = index + 1;
        const span: Span = {
          start: { offset: lineStart + i, line, column: i + 1 },
          end: { offset: lineStart + close + 1, line, column: close + 2 },
        };
        diagnostics.push(error("DL001", "strings go in double quotes", span, { label: "single quotes", hints: [`write "${inner}"`] }));
        units[lineStart + i] = '"';
        units[lineStart + close] = '"';
        i = close;
      }
    }
    lineStart += text.length + 1;
  });
  return { source: units.join(""), diagnostics };
}

/** A `{` that starts a line is joined to the line above it (one DL002), as if written there. */
export function openingBracesOnTheirOwnLine(tokens: readonly IToken[], source: string): { tokens: IToken[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const result: IToken[] = [];
  const lines = source.split("\n");
  for (const token of tokens) {
    if (token.tokenType.name === "LBrace" && result.at(-1)?.tokenType.name === "Newline") {
      let end = result.length;
      while (end > 0 && result[end - 1]!.tokenType.name === "Newline") end--;
      const opener = result[end - 1];
      if (opener && opener.tokenType.name !== "RBrace") {
        result.length = end;
        const line = lines[(opener.startLine ?? 1) - 1]!.replace(/#.*$/, "").trim();
        diagnostics.push(
          error("DL002", "`{` must end the line of the statement it opens", tokenSpan(token), {
            label: "on a line of its own",
            hints: [`write \`${line} {\``],
          }),
        );
      }
    }
    result.push(token);
  }
  return { tokens: result, diagnostics };
}

/**
 * `layer dense(16, activation="relu")` with syntax errors on its line: those errors become one,
 * whose hint spells the layer in dl (`layer dense 16 relu`).
 */
export function pythonStyleLayerCalls(tokens: readonly IToken[], diagnostics: Diagnostic[]): Diagnostic[] {
  let result = diagnostics;
  tokens.forEach((token, i) => {
    const kind = tokens[i + 1];
    const open = tokens[i + 2];
    if (token.image !== "layer" || kind?.tokenType.name !== "Identifier" || open?.tokenType.name !== "LParen") return;
    const line = token.startLine;
    const slips = (d: Diagnostic) => d.span.start.line === line && (d.code === "DL001" || d.code === "DL002");
    if (!result.some((d) => slips(d) && d.severity === "error")) return;
    const close = closingParen(tokens, i + 2);
    if (!close) return;
    const args = splitArguments(tokens.slice(i + 3, close.index)).map(dlArgument);
    const span = { start: tokenSpan(open).start, end: tokenSpan(close.token).end };
    result = [
      ...result.filter((d) => !slips(d)),
      error("DL002", "a layer's arguments are not written in parentheses", span, {
        label: "a Python-style call",
        hints: [`write \`layer ${[kind.image, ...args].join(" ")}\` (no parentheses or commas, options as name=value)`],
      }),
    ];
  });
  return result;
}

function closingParen(tokens: readonly IToken[], open: number): { index: number; token: IToken } | undefined {
  let depth = 0;
  for (let i = open; i < tokens.length && tokens[i]!.startLine === tokens[open]!.startLine; i++) {
    const name = tokens[i]!.tokenType.name;
    if (name === "LParen") depth++;
    else if (name === "RParen" && --depth === 0) return { index: i, token: tokens[i]! };
  }
  return undefined;
}

function splitArguments(tokens: readonly IToken[]): IToken[][] {
  const args: IToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    const name = token.tokenType.name;
    if (name === "LParen" || name === "LBracket") depth++;
    if (name === "RParen" || name === "RBracket") depth--;
    if (name === "Comma" && depth === 0) args.push([]);
    else args.at(-1)!.push(token);
  }
  return args.filter((arg) => arg.length > 0);
}

/** `16` → `16`, `activation="relu"` → `relu`, `padding="same"` → `padding=same`. */
function dlArgument(tokens: readonly IToken[]): string {
  const text = (ts: readonly IToken[]) => ts.map((t) => (t.tokenType.name === "StringLiteral" ? t.image.slice(1, -1) : t.image)).join("");
  if (tokens.length > 2 && tokens[1]!.tokenType.name === "Equals") {
    const value = text(tokens.slice(2));
    return tokens[0]!.image === "activation" ? value : `${tokens[0]!.image}=${value}`;
  }
  return text(tokens);
}
