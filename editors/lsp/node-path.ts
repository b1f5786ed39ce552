// The syntax nodes around a place in the text, outermost first: [statement, …, innermost].
import type { Node, Program } from "../../grammar/ast.ts";
import { contains } from "./ranges.ts";

function children(node: Node): Node[] {
  const found: Node[] = [];
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === "object" && "type" in child && "span" in child) found.push(child as Node);
    }
  }
  return found;
}

export function nodePath(program: Program, offset: number): Node[] {
  const path: Node[] = [];
  let level: Node[] = program.body;
  for (;;) {
    const inner = level.find((node) => contains(node.span, offset));
    if (!inner) return path;
    path.push(inner);
    level = children(inner);
  }
}
