// What the checker knows about the word under the cursor: a layer's output shape, parameter
// count and doc; an option's type, default and doc; a model's summary table; an entry's doc.
import type { Identifier, LayerStmt, Node } from "../../grammar/ast.ts";
import { countParams, formatBatchShape, summarize, type CheckedLayer, type CheckedModel, type CheckedNode } from "../../interpreter/api.ts";
import type { Analysis } from "./analysis.ts";
import { nameSites } from "./names.ts";
import { nodePath } from "./node-path.ts";
import { contains } from "./ranges.ts";
import { describeArg, describeEntry, entry, findArg, settingFamily } from "./stdlib-entries.ts";

/** Markdown for the place at `offset`, or undefined when there is nothing to say. */
export function hoverText(analysis: Analysis, offset: number): string | undefined {
  const path = nodePath(analysis.program, offset);
  const node = path.at(-1);
  const parent = path.at(-2);
  if (node?.type === "Identifier") {
    const model = modelNamed(analysis, node, offset);
    if (model) return "```\n" + summarize(model) + "\n```";
    const said = identifierText(node, parent, path.at(-3));
    if (said) return said;
  }
  const layer = path.findLast((n): n is LayerStmt => n.type === "Layer");
  return layer ? layerText(analysis, layer) : undefined;
}

function modelNamed(analysis: Analysis, id: Identifier, offset: number): CheckedModel | undefined {
  const site = nameSites(analysis.program).find((s) => contains(s.id.span, offset));
  return site?.declaration?.kind === "model" ? analysis.checked.models.get(id.name) : undefined;
}

function identifierText(id: Identifier, parent: Node | undefined, grandparent: Node | undefined): string | undefined {
  if (parent?.type === "Option" && parent.key === id) {
    const owner = ownerEntry(grandparent);
    const option = owner && findArg(owner.options, id.name);
    return option ? describeArg(option) : undefined;
  }
  if (parent?.type === "Layer" && parent.kind === id) return undefined; // the layer's own text
  if (parent?.type === "Layer") {
    const activation = entry("activation", id.name);
    return activation && describeEntry(activation);
  }
  if (parent?.type === "Setting" && parent.key === id) {
    const step = entry("preprocessing", id.name);
    return step && describeEntry(step);
  }
  if (parent?.type === "Setting" && parent.args.includes(id)) {
    const family = settingFamily(parent.key.name);
    const named = family && entry(family, id.name);
    return named ? describeEntry(named) : undefined;
  }
  return undefined;
}

/** The stdlib entry whose options a node's `key=value` options are. */
function ownerEntry(node: Node | undefined) {
  if (node?.type === "Layer") return entry("layer", node.kind.name);
  if (node?.type === "Setting") {
    const family = settingFamily(node.key.name);
    const first = node.args[0];
    return family && first?.type === "Identifier" ? entry(family, first.name) : undefined;
  }
  return undefined;
}

function layers(nodes: readonly CheckedNode[]): CheckedLayer[] {
  return nodes.flatMap((node) => (node.type === "residual" ? layers(node.body) : [node]));
}

function layerText(analysis: Analysis, statement: LayerStmt): string {
  const lines: string[] = [];
  for (const model of analysis.checked.models.values()) {
    for (const layer of layers(model.nodes)) {
      if (layer.span.start.offset !== statement.span.start.offset) continue;
      const params = countParams([layer]).total.toLocaleString("en-US");
      lines.push(`\`${layer.name}\` in \`${model.name}\`: output \`${formatBatchShape(layer.outputShape)}\`, ${params} params`);
    }
  }
  const description = entry("layer", statement.kind.name);
  if (description) lines.push("", describeEntry(description));
  return lines.join("\n");
}
