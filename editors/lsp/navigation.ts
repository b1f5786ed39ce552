// Go to definition and find references for models, blocks, data blocks, `let`s, block
// parameters and named outputs.
import type { Span } from "../../grammar/ast.ts";
import type { Analysis } from "./analysis.ts";
import { nameSites, type Declaration } from "./names.ts";
import { contains } from "./ranges.ts";

function declarationAt(analysis: Analysis, offset: number): { declaration: Declaration; sites: ReturnType<typeof nameSites> } | undefined {
  const sites = nameSites(analysis.program);
  const declaration = sites.find((site) => contains(site.id.span, offset))?.declaration;
  return declaration && { declaration, sites };
}

export function definition(analysis: Analysis, offset: number): Span | undefined {
  return declarationAt(analysis, offset)?.declaration.id.span;
}

/** Every use of the name at `offset`, with its declaration first when asked for. */
export function references(analysis: Analysis, offset: number, includeDeclaration: boolean): Span[] {
  const found = declarationAt(analysis, offset);
  if (!found) return [];
  return found.sites
    .filter((site) => site.declaration === found.declaration && (includeDeclaration || site.id !== found.declaration.id))
    .map((site) => site.id.span);
}
