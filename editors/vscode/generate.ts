// `npm run gen:editors`: regenerates syntaxes/dl.tmLanguage.json from grammar/keywords.ts.
// test/editors/vscode-grammar.test.ts fails when the committed file is out of date.
import { writeFileSync } from "node:fs";
import { tmGrammarText } from "./tm-grammar.ts";

const grammarPath = new URL("./syntaxes/dl.tmLanguage.json", import.meta.url);

writeFileSync(grammarPath, tmGrammarText());
console.log(`wrote ${grammarPath.pathname}`);
