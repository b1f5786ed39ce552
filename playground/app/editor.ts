// The editor: CodeMirror 6 with dl highlighting, live diagnostics from the real parser and
// checker (the codes, messages and hints of `dl check`), and a hover with each layer's shape.
import { linter, lintGutter, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import { EditorView, hoverTooltip } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { countParams, formatBatchShape, type CheckedNode } from "../../interpreter/api.ts";
import { analyze, layerAt } from "./analysis.ts";
import { dlHighlighting, dlLanguage } from "./dl-language.ts";

const dlLint = linter(
  (view) => {
    const { diagnostics } = analyze(view.state.doc.toString());
    const length = view.state.doc.length;
    return diagnostics.map((d): LintDiagnostic => ({
      from: Math.min(d.span.start.offset, length),
      // A zero-width span (a missing brace at the end) still gets a mark.
      to: Math.min(Math.max(d.span.end.offset, d.span.start.offset + 1), length),
      severity: d.severity,
      source: d.code,
      message: [d.message, ...d.hints.map((hint) => `hint: ${hint}`)].join("\n"),
    }));
  },
  { delay: 150 },
);

const shapeHover = hoverTooltip((view, pos) => {
  const found = layerAt(analyze(view.state.doc.toString()), pos);
  if (!found) return null;
  const { layer } = found;
  return {
    pos: layer.span.start.offset,
    end: layer.span.end.offset,
    above: true,
    create: () => {
      const dom = document.createElement("div");
      dom.className = "shape-tooltip";
      dom.textContent = describeNode(layer);
      return { dom };
    },
  };
});

function describeNode(node: CheckedNode): string {
  const shapes = `${formatBatchShape(node.inputShape)} → ${formatBatchShape(node.outputShape)}`;
  if (node.type === "residual") return `${node.name} (residual): ${shapes}`;
  return `${node.name} (${node.spec.name}): ${shapes}, ${countParams([node]).total.toLocaleString("en-US")} params`;
}

export function createEditor(parent: HTMLElement, doc: string, onChange: (source: string) => void): EditorView {
  return new EditorView({
    parent,
    doc,
    extensions: [
      basicSetup,
      EditorView.lineWrapping,
      dlLanguage,
      dlHighlighting,
      dlLint,
      lintGutter(),
      shapeHover,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
}
