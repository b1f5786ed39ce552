// A model diagram as Mermaid flowchart text, for Markdown that renders Mermaid (GitHub, GitLab,
// many wikis): the same nodes, edges and residual clusters as the SVG, laid out by the viewer.
import type { CheckedModel } from "../check/checked.ts";
import { nodeLines } from "./layout.ts";
import { modelGraph, type ModelGraph } from "./model-graph.ts";

export function diagramMermaid(model: CheckedModel): string {
  return renderMermaid(modelGraph(model));
}

export function renderMermaid(graph: ModelGraph): string {
  const lines = ["flowchart TD"];
  const emit = (cluster: string | undefined, indent: string) => {
    for (const node of graph.nodes.filter((x) => x.cluster === cluster)) {
      const [name, ...rest] = nodeLines(node).map(quote);
      lines.push(`${indent}${node.id}["<b>${name}</b><br/>${rest.join("<br/>")}"]`);
    }
    for (const inner of graph.clusters.filter((c) => c.parent === cluster)) {
      lines.push(`${indent}subgraph ${inner.id}["${quote(inner.label)}"]`);
      emit(inner.id, indent + "  ");
      lines.push(`${indent}end`);
    }
  };
  emit(undefined, "  ");
  for (const edge of graph.edges) lines.push(`  ${edge.from} ${edge.skip ? "-.->|skip|" : "-->"} ${edge.to}`);
  return lines.join("\n") + "\n";
}

/** Mermaid reads `"` as the end of a label and `<`/`>` as HTML: its own entity codes stand in. */
function quote(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
