// The Prettier 3 plugin for .dl files: `prettier --plugin ./editors/prettier/index.mjs x.dl`
// (index.mjs loads this TypeScript file through tsx). The parser and printer live in
// grammar/format/, where the runtime formats with them too; this registers them with the language.
import type { Plugin, SupportLanguage } from "prettier";
import { parsers, printers } from "../../grammar/format/prettier-plugin.ts";

export const languages: SupportLanguage[] = [{ name: "DL", parsers: ["dl"], extensions: [".dl"], vscodeLanguageIds: ["dl"] }];

export { parsers, printers };

const plugin: Plugin = { languages, parsers, printers };
export default plugin;
