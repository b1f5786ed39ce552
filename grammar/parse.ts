// parse(): text → AST plus diagnostics. Never throws on user input: lexer errors,
// syntax errors (several per run, thanks to recovery) and bad bytes all become diagnostics.
import type { IRecognitionException, IToken } from "chevrotain";
import { byPosition, error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Comment, Program, Span } from "./ast.ts";
import { openingBracesOnTheirOwnLine, pythonStyleLayerCalls, singleQuotedStrings } from "./common-slips.ts";
import { MAX_SYNTAX_ERRORS, parser } from "./parser.ts";
import { toAst, tokenSpan } from "./to-ast.ts";
import { lexer } from "./tokens.ts";

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

/** A model file is a page or two; anything past this is not one, and parsing it would only burn memory. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Deeper nesting than this is not a real program, and would overflow the recursive parser. */
export const MAX_NESTING = 32;

/**
 * Nodes from the root to the deepest one. `a+b+c` nests to the left, one level per operator, so
 * this bounds an expression's operators; every later stage (schema validation, checker, formatter)
 * walks the tree recursively and can then never overflow.
 */
export const MAX_TREE_DEPTH = 256;

const emptyProgram = (): Program => ({ type: "Program", body: [], comments: [], span: { start: origin(), end: origin() } });

/** DL004 for a file of `size` bytes (or a string of `size` characters, which is at least that many bytes). */
export function tooLarge(size: number): Diagnostic {
  return error(
    "DL004",
    `the file is ${(size / 1024 / 1024).toFixed(1)} MB; a .dl file may be at most ${MAX_SOURCE_BYTES / 1024 / 1024} MB`,
    { start: origin(), end: origin() },
    {
      hints: ["a .dl file describes a model; keep data in CSV, JSON or IDX files and point `source` at them"],
    },
  );
}

export function parse(text: string): ParseResult {
  if (text.length > MAX_SOURCE_BYTES) return { program: emptyProgram(), diagnostics: [tooLarge(text.length)] };
  // Statements end at a newline, so make sure the last one has one.
  const source = text.endsWith("\n") ? text : text + "\n";
  const quoted = singleQuotedStrings(source);
  const lexed = lexer.tokenize(quoted.source);
  const diagnostics: Diagnostic[] = [...lexerDiagnostics(lexed.errors, source), ...quoted.diagnostics];
  if (text.trim() === "") return { program: emptyProgram(), diagnostics: [noStatements(false)] };
  const tooDeep = nestingError(lexed.tokens);
  if (tooDeep) return { program: emptyProgram(), diagnostics: capped([...diagnostics, tooDeep].sort(byPosition)) };

  const braces = openingBracesOnTheirOwnLine(lexed.tokens, source);
  parser.input = braces.tokens;
  const cst = parser.program();
  diagnostics.push(...braces.diagnostics, ...parser.errors.map((e) => syntaxDiagnostic(e, braces.tokens)));

  const comments: Comment[] = (lexed.groups["comments"] ?? []).map((t) => ({ type: "Comment", value: t.image, span: tokenSpan(t) }));
  const built = toAst(cst, comments);
  diagnostics.push(...built.diagnostics);
  const tooDeepTree = treeDepthError(built.program);
  if (tooDeepTree) return { program: emptyProgram(), diagnostics: capped(dedupe([...diagnostics, tooDeepTree].sort(byPosition))) };
  if (built.program.body.length === 0 && diagnostics.length === 0) diagnostics.push(noStatements(comments.length > 0));
  const reported = pythonStyleLayerCalls(braces.tokens, diagnostics);
  return { program: built.program, diagnostics: capped(dedupe(reported.sort(byPosition))) };
}

/** DL005: an empty file, or one of comments only, does nothing; a warning says so instead of silence. */
function noStatements(hasComments: boolean): Diagnostic {
  return warning(
    "DL005",
    hasComments ? "the file has only comments, no statements" : "the file has no statements",
    { start: origin(), end: origin() },
    { hints: ["a .dl file declares models and data, then says what to do with them (docs/language.md)"] },
  );
}

/**
 * Garbage yields an error per character or line (lexer errors and unknown statements are not
 * counted by the parser's own cap): keep the first MAX_SYNTAX_ERRORS, then say that it stopped.
 */
function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_ERRORS) return diagnostics;
  const kept = diagnostics.slice(0, MAX_SYNTAX_ERRORS);
  const last = kept.at(-1)!;
  return [
    ...kept,
    error("DL002", `too many syntax errors; stopped after ${MAX_SYNTAX_ERRORS}`, last.span, { hints: ["is this a .dl file?"] }),
  ];
}

function origin() {
  return { offset: 0, line: 1, column: 1 };
}

/**
 * Brackets, and a unary minus until its operand ends, each open a level of the recursive parser;
 * past MAX_NESTING the input is refused before it can overflow the stack (`------…-1`).
 */
function nestingError(tokens: IToken[]): Diagnostic | undefined {
  const open: ("bracket" | "minus")[] = [];
  const closeMinuses = () => {
    while (open.at(-1) === "minus") open.pop();
  };
  let previous: string | undefined;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (name === "LBrace" || name === "LParen" || name === "LBracket") open.push("bracket");
    else if (name === "RBrace" || name === "RParen" || name === "RBracket") {
      closeMinuses();
      open.pop();
      closeMinuses();
    } else if (name === "Minus" && !endsOperand(previous)) open.push("minus");
    else if (name !== "Minus") closeMinuses();
    previous = name;
    if (open.length > MAX_NESTING) {
      const minus = open.at(-1) === "minus";
      return error(
        "DL002",
        minus ? `an expression nests more than ${MAX_NESTING} levels deep` : `brackets nested more than ${MAX_NESTING} levels deep`,
        tokenSpan(t),
        {
          label: "too deep",
          hints: [minus ? "write the value without the repeated signs" : "check for unclosed `{`, `(` or `[` above"],
        },
      );
    }
  }
  return undefined;
}

/** After these a `-` subtracts; anywhere else it negates. */
function endsOperand(token: string | undefined): boolean {
  return token === "NumberLiteral" || token === "Identifier" || token === "RParen" || token === "RBracket";
}

/** DL002 at the first node deeper than MAX_TREE_DEPTH, found without recursion. */
function treeDepthError(program: Program): Diagnostic | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: program, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (Array.isArray(value)) {
      // Reversed, so that the leftmost (the deepest, for `a+b+…`) is looked at first.
      for (const item of [...value].reverse()) pending.push({ value: item, depth });
      continue;
    }
    if (typeof value !== "object" || value === null || !("type" in value)) continue;
    if (depth > MAX_TREE_DEPTH) {
      const node = value as unknown as { span: Span };
      return error("DL002", `an expression nests more than ${MAX_TREE_DEPTH} levels deep`, node.span, {
        label: "too deep",
        hints: ["split it into `let` constants"],
      });
    }
    for (const [key, child] of Object.entries(value).reverse()) if (key !== "span") pending.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

/** Decodes file bytes as UTF-8, reporting the first invalid byte instead of inventing characters. */
export function decode(bytes: Uint8Array): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const valid = validUtf8Prefix(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, valid));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    const at = { offset: before.length, line, column };
    return {
      diagnostic: error(
        "DL003",
        `byte 0x${(bytes[valid] ?? 0).toString(16).padStart(2, "0")} is not valid UTF-8`,
        { start: at, end: { ...at, offset: at.offset + 1, column: column + 1 } },
        {
          hints: ["save the file as UTF-8 text; a .dl file is plain text"],
        },
      ),
    };
  }
}

/**
 * Length of the longest prefix made of whole, valid UTF-8 sequences: the offset of the byte
 * that starts the first bad (or cut-off) sequence. Follows the WHATWG decoder's rules.
 */
function validUtf8Prefix(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // past U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return i;
}

/** Runs of unexpected characters become one diagnostic each, not one per character. */
function lexerDiagnostics(errors: { offset: number; line?: number; column?: number; length: number }[], source: string): Diagnostic[] {
  const result: Diagnostic[] = [];
  let previous: Diagnostic | undefined;
  for (const e of errors) {
    const line = e.line ?? 1;
    const column = e.column ?? 1;
    if (previous && previous.span.end.offset === e.offset && previous.span.start.line === line) {
      previous.span.end = { offset: e.offset + e.length, line, column: column + e.length };
      continue;
    }
    const character = source.slice(e.offset, e.offset + e.length);
    previous = error(
      "DL001",
      `unexpected character ${describeCharacter(character)}`,
      {
        start: { offset: e.offset, line, column },
        end: { offset: e.offset + e.length, line, column: column + e.length },
      },
      { label: "not part of the language", hints: ["names use letters, digits and _; strings go in double quotes; comments start with #"] },
    );
    result.push(previous);
  }
  return result;
}

function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code < 32 || code === 127 ? `U+${code.toString(16).padStart(4, "0").toUpperCase()}` : `\`${character}\``;
}

function syntaxDiagnostic(e: IRecognitionException, tokens: IToken[]): Diagnostic {
  const found = usable(e.token) ? e.token : ((e as { previousToken?: IToken }).previousToken ?? tokens.at(-1));
  const span: Span = found ? tokenSpan(found) : { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  return error("DL002", e.message, span, { label: "unexpected here", hints: hintFor(e) });
}

function usable(t: IToken | undefined): t is IToken {
  return t !== undefined && !Number.isNaN(t.startOffset) && t.startOffset >= 0 && t.tokenType.name !== "EOF";
}

function hintFor(e: IRecognitionException): string[] {
  const rules = e.context.ruleStack;
  const rule = rules.at(-1);
  if (rule === "modelBody" || rule === "modelItem")
    return ["inside a model: `input …`, `layer KIND …`, `repeat N { … }`, `residual { … }` or a block name"];
  if (rule === "blockDeclaration") return ["a block declares its parameters in parentheses: `block conv_bn(filters) { … }`"];
  if (rule === "evaluateStatement") return ["write `evaluate MODEL on DATA` or `evaluate MODEL on DATA.test`"];
  if (rule === "saveStatement") return ['write `save MODEL "file.safetensors"`'];
  if (rule === "trainStatement") return ["write `train MODEL on DATA { … }`"];
  if (e.token.tokenType.name === "Newline") return ["the statement ended before it was complete"];
  return [];
}

/** Recovery can report the same token twice; keep the first. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.span.start.offset}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
