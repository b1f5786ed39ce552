// The program as `dl check` sees it: parse, then check even after syntax errors (the parser
// recovers), every diagnostic in source order. The editor's lint, hover and the summary read it.
import { check, hasErrors, parse, type CheckedNode, type CheckedProgram, type Diagnostic } from "../../interpreter/api.ts";

export interface Analysis {
  source: string;
  checked: CheckedProgram;
  diagnostics: Diagnostic[];
}

let cached: Analysis | undefined;

export function analyze(source: string): Analysis {
  if (cached?.source === source) return cached;
  const parsed = parse(source);
  const checked = check(parsed.program, hasErrors(parsed.diagnostics));
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset);
  cached = { source, checked: checked.program, diagnostics };
  return cached;
}

/** The innermost layer written at `offset` (a layer of a model, not of a block, which has one shape per use). */
export function layerAt(analysis: Analysis, offset: number): { model: string; layer: CheckedNode } | undefined {
  const within = (node: { span: { start: { offset: number }; end: { offset: number } } }) =>
    node.span.start.offset <= offset && offset <= node.span.end.offset;
  for (const model of analysis.checked.models.values()) {
    if (!within(model)) continue;
    let nodes = model.nodes;
    let found: CheckedNode | undefined;
    for (let node = nodes.find(within); node; node = nodes.find(within)) {
      found = node;
      if (node.type !== "residual") break;
      nodes = node.body;
    }
    if (found) return { model: model.name, layer: found };
  }
  return undefined;
}
