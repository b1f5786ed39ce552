// The reserved words of the language, defined once. The lexer, the formatter and the
// editor grammar (editors/vscode/generate.ts) all read this list, so they cannot drift.

/** Words that start a top-level statement. */
export const topLevelKeywords = ["let", "model", "block", "data", "train", "evaluate", "save", "load"] as const;

/** Words that start a statement inside a model or block body. */
export const bodyKeywords = ["input", "layer", "repeat", "residual"] as const;

/** Words that join parts of a statement (`train m on d`, `layer dense 64 from x as h`). */
export const connectiveKeywords = ["on", "from", "as"] as const;

export const keywords = [...topLevelKeywords, ...bodyKeywords, ...connectiveKeywords] as const;

export type Keyword = (typeof keywords)[number];

/** Identifiers with a fixed meaning as values. */
export const booleanLiterals = ["true", "false"] as const;
