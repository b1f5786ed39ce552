// The lexer: one token type per word and symbol of the language.
import { createToken, Lexer, type TokenType } from "chevrotain";
import { keywords, type Keyword } from "./keywords.ts";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

function keywordToken(word: Keyword): TokenType {
  return createToken({ name: keywordTokenName(word), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
}

export function keywordTokenName(word: Keyword): string {
  return `Kw_${word}`;
}

export const Keywords = Object.fromEntries(keywords.map((word) => [word, keywordToken(word)])) as Record<Keyword, TokenType>;

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });
// Newlines end statements; they are real tokens so a mistake stays on its own line.
export const Newline = createToken({ name: "Newline", pattern: /\r?\n|\r/, line_breaks: true, label: "end of line" });
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: "a number",
});
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\.)*"/, label: "a string" });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "'-'" });
export const Star = createToken({ name: "Star", pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "'/'" });

// Order matters: keywords before Identifier, numbers before Dot.
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Newline,
  ...Object.values(Keywords),
  Identifier,
  NumberLiteral,
  StringLiteral,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Equals,
  Dot,
  Plus,
  Minus,
  Star,
  Slash,
];

export const lexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: true });
