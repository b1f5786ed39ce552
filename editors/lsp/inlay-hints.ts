// Each layer's output shape at the end of its line, for the layers written in a model (a block's
// layers have one shape per use, which the hover lists).
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { formatBatchShape, type CheckedNode } from "../../interpreter/api.ts";
import type { Analysis } from "./analysis.ts";

export function shapeHints(analysis: Analysis, document: TextDocument): InlayHint[] {
  const hints: InlayHint[] = [];
  const visit = (nodes: readonly CheckedNode[], model: { start: number; end: number }) => {
    for (const node of nodes) {
      if (node.type === "residual") visit(node.body, model);
      else if (model.start <= node.span.start.offset && node.span.end.offset <= model.end) {
        hints.push({
          position: document.positionAt(node.span.end.offset),
          label: ` → ${formatBatchShape(node.outputShape)}`,
          kind: InlayHintKind.Type,
          paddingLeft: true,
        });
      }
    }
  };
  for (const model of analysis.checked.models.values()) visit(model.nodes, { start: model.span.start.offset, end: model.span.end.offset });
  return hints;
}
