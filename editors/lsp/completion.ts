// Completion from the line typed so far and the body it is in: layer kinds, their options
// with defaults, the words a choice takes (activations, initializers, padding, …), the entries
// of `source`/`optimizer`/`loss`/`schedule`/`metrics` and their options, preprocessing steps, and
// the models, blocks, data, `let`s and named outputs in scope. Every word comes from the grammar's
// keywords, the stdlib's descriptions (through the API) or the file itself.
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import { bodyKeywords, topLevelKeywords } from "../../grammar/keywords.ts";
import { descriptions, type ArgDescription, type Family } from "../../interpreter/api.ts";
import type { Analysis } from "./analysis.ts";
import { nameSites, type DeclarationKind } from "./names.ts";
import { describeArg, describeEntry, entry, findArg, settingFamily } from "./stdlib-entries.ts";

export function completions(analysis: Analysis, offset: number): CompletionItem[] {
  const { text } = analysis;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (before.includes("#")) return [];
  const words = before.trimStart().split(/\s+/);
  const typing = words.at(-1) ?? "";
  const body = enclosingBody(text.slice(0, lineStart));
  const declared = (kind: DeclarationKind) => declaredNames(analysis, kind, offset);

  const [first = "", second = ""] = words;
  if (typing.includes("=")) {
    const key = typing.slice(0, typing.indexOf("="));
    const ownerFamily = first === "layer" ? "layer" : settingFamily(first);
    const owner = ownerFamily && entry(ownerFamily, second);
    const option = owner && findArg(owner.options, key);
    return [...choices(option?.values ?? []), ...declared("let")];
  }
  if (words.length === 1) {
    if (body === "model" || body === "block") return [...keywords(bodyKeywords), ...declared("block")];
    if (body === undefined) return keywords(topLevelKeywords);
    if (body === "data") return [{ label: "source", kind: CompletionItemKind.Keyword }, ...family("preprocessing")];
    return [];
  }
  if (first === "layer") {
    if (words.length === 2) return family("layer");
    const layer = entry("layer", second);
    // The positional argument being typed: its choices (`dense 128 relu`), if it has any.
    const positional = layer?.args[words.length - 3];
    return [...options(layer?.options ?? []), ...choices(positional?.values ?? []), ...declared("output"), ...declared("let")];
  }
  const named = body === "data" || body === "train" ? settingFamily(first) : undefined;
  if (named) {
    if (words.length === 2 || named === "metric") return family(named);
    return [...options(entry(named, second)?.options ?? []), ...declared("let")];
  }
  if (first === "train" || first === "evaluate") return words.length === 2 ? declared("model") : words.length === 4 ? declared("data") : [];
  if (first === "save" || first === "load") return words.length === 2 ? declared("model") : [];
  return declared("let");
}

/** The keyword of the outermost `{ … }` still open at the end of `text` (model, block, data, train). */
function enclosingBody(text: string): string | undefined {
  const open: string[] = [];
  for (const line of text.split("\n")) {
    const code = line.replace(/#.*/, "").replace(/"[^"]*"/g, "");
    for (const char of code) {
      if (char === "{") open.push(code.trim().split(/\s+/)[0] ?? "");
      else if (char === "}") open.pop();
    }
  }
  return open[0];
}

function keywords(words: readonly string[]): CompletionItem[] {
  return words.map((word) => ({ label: word, kind: CompletionItemKind.Keyword }));
}

const kinds: Record<Family, CompletionItemKind> = {
  layer: CompletionItemKind.Class,
  activation: CompletionItemKind.Function,
  initializer: CompletionItemKind.Function,
  loss: CompletionItemKind.Function,
  optimizer: CompletionItemKind.Function,
  schedule: CompletionItemKind.Function,
  metric: CompletionItemKind.Value,
  source: CompletionItemKind.Module,
  preprocessing: CompletionItemKind.Function,
};

function family(name: Family): CompletionItem[] {
  return descriptions[name].map((description) => ({
    label: description.name,
    kind: kinds[name],
    detail: description.keras || name,
    documentation: { kind: "markdown", value: describeEntry(description) },
  }));
}

/** A choice's words, each with its own description when an activation or initializer has one. */
function choices(values: readonly string[]): CompletionItem[] {
  return values.map((value) => {
    const described = (["activation", "initializer"] as const).map((name) => entry(name, value)).find(Boolean);
    return described
      ? {
          label: value,
          kind: CompletionItemKind.Function,
          detail: described.keras,
          documentation: { kind: "markdown" as const, value: describeEntry(described) },
        }
      : { label: value, kind: CompletionItemKind.EnumMember };
  });
}

function options(list: readonly ArgDescription[]): CompletionItem[] {
  return list.map((option) => ({
    label: `${option.name}=`,
    kind: CompletionItemKind.Property,
    detail: option.default === undefined ? option.type : `default ${option.default}`,
    documentation: { kind: "markdown", value: describeArg(option) },
    insertText: `${option.name}=`,
  }));
}

/** Declared names of one kind visible at `offset`: named outputs only from the model or block around it. */
function declaredNames(analysis: Analysis, kind: DeclarationKind, offset: number): CompletionItem[] {
  const around = analysis.program.body.find((s) => s.span.start.offset <= offset && offset <= s.span.end.offset);
  const names = new Set<string>();
  for (const site of nameSites(analysis.program)) {
    const declaration = site.declaration;
    if (site.id !== declaration?.id || declaration.kind !== kind) continue;
    const local = kind === "output" || kind === "parameter";
    if (
      local &&
      !(around && around.span.start.offset <= declaration.id.span.start.offset && declaration.id.span.end.offset <= around.span.end.offset)
    )
      continue;
    names.add(declaration.id.name);
  }
  return [...names].map((name) => ({
    label: name,
    kind: kind === "let" ? CompletionItemKind.Constant : CompletionItemKind.Reference,
    detail: kind,
  }));
}
