// Declarations nothing refers to: a `let` no value uses, a `block` no model uses, a `data` block
// no `train` or `evaluate` reads. Warnings, like rustc's unused items: often a typo in the use.
import type { Program } from "../../grammar/ast.ts";
import { warning, type Diagnostic } from "../../diagnostics/diagnostic.ts";

const declarations = new Set(["Let", "Model", "Block", "Data"]);
/** AST properties that name a vocabulary entry or a setting, never a declaration. */
const vocabulary = new Set(["kind", "key", "params", "span"]);

export function unusedDeclarations(program: Program): Diagnostic[] {
  // Models, blocks, data and constants share one namespace: a name written anywhere but its own
  // declaration is a use, even where it is the wrong kind of thing (that mistake is DL101's).
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record["type"] === "Identifier") used.add(record["name"] as string);
    for (const [key, value] of Object.entries(record)) {
      if (vocabulary.has(key) || (key === "name" && declarations.has(record["type"] as string))) continue;
      visit(value);
    }
  };
  visit(program.body);

  const diagnostics: Diagnostic[] = [];
  const declared = new Set<string>();
  for (const statement of program.body) {
    if (!("name" in statement)) continue;
    const name = statement.name.name;
    // A second declaration of a name is DL102 already.
    if (declared.has(name)) continue;
    declared.add(name);
    if (statement.type === "Let" && !used.has(name)) {
      diagnostics.push(
        warning("DL204", `constant \`${name}\` is never used`, statement.name.span, {
          label: "declared here",
          hints: ["use it in a value, or remove it"],
        }),
      );
    } else if (statement.type === "Block" && !used.has(name)) {
      diagnostics.push(
        warning("DL204", `block \`${name}\` is never used`, statement.name.span, {
          label: "declared here",
          hints: [`write \`${name}\` on a line of a model, or remove it`],
        }),
      );
    } else if (statement.type === "Data" && !used.has(name)) {
      diagnostics.push(
        warning("DL204", `data \`${name}\` is never used`, statement.name.span, {
          label: "declared here",
          hints: [`train or evaluate a model on it (\`train MODEL on ${name} { … }\`), or remove it`],
        }),
      );
    }
  }
  return diagnostics;
}
