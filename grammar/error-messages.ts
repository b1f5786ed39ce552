// Syntax error wording: "expected a number, found `{`" instead of Chevrotain's token dumps.
import { tokenLabel, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";

function describe(token: IToken | undefined): string {
  if (!token || token.tokenType.name === "EOF") return "the end of the file";
  if (token.tokenType.name === "Newline") return "the end of the line";
  return `\`${token.image}\``;
}

function label(type: TokenType): string {
  return type.name === "EOF" ? "the end of the file" : tokenLabel(type);
}

function oneOf(types: TokenType[]): string {
  const labels = [...new Set(types.map(label))];
  if (labels.length <= 1) return labels[0] ?? "something else";
  if (labels.length > 6) return `one of ${labels.slice(0, 6).join(", ")}, …`;
  return `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

const firstTokens = (paths: TokenType[][]): TokenType[] => paths.flatMap((path) => path.slice(0, 1));

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)}, found ${describe(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describe(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    `expected ${oneOf(firstTokens(expectedPathsPerAlt.flat()))}, found ${describe(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    `expected ${oneOf(firstTokens(expectedIterationPaths))}, found ${describe(actual[0])}`,
};
