// dl's highlighting for CodeMirror: a stream tokenizer built from the language's own word lists
// (the API's keywords and the stdlib's descriptions), so nothing here lists a word by hand.
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { booleanLiterals, descriptions, keywords } from "../../interpreter/api.ts";

const keywordSet = new Set<string>(keywords);
const literalSet = new Set<string>(booleanLiterals);
/** Layer kinds, activations, losses, optimizers, …: the words a statement names from the stdlib. */
const stdlibNames = new Set(Object.values(descriptions).flatMap((family) => family.map((entry) => entry.name)));

export const dlLanguage = StreamLanguage.define<null>({
  name: "dl",
  startState: () => null,
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match("#")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\\n]|\\.)*"?/)) return "string";
    if (stream.match(/^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/i)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      // `name=` is an option.
      if (stream.peek() === "=") return "attributeName";
      if (keywordSet.has(word)) return "keyword";
      if (literalSet.has(word)) return "bool";
      if (stdlibNames.has(word)) return "typeName";
      return "variableName";
    }
    if (stream.match(/^[{}]/)) return "brace";
    stream.next();
    return "operator";
  },
  languageData: { commentTokens: { line: "#" } },
});

const style = HighlightStyle.define([
  { tag: tags.comment, color: "#6a737d", fontStyle: "italic" },
  { tag: tags.keyword, color: "#a626a4", fontWeight: "bold" },
  { tag: tags.string, color: "#50a14f" },
  { tag: tags.number, color: "#986801" },
  { tag: tags.bool, color: "#986801" },
  { tag: tags.typeName, color: "#4078f2" },
  { tag: tags.attributeName, color: "#c18401" },
  { tag: tags.variableName, color: "#383a42" },
]);

export const dlHighlighting = syntaxHighlighting(style);
