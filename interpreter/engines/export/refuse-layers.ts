// A model with a layer the chosen format cannot express is refused on that layer's line (DL601),
// before any weight is loaded or anything is written; the hint names every other such layer.
import { DiagnosticError, error } from "../../../diagnostics/diagnostic.ts";
import type { CheckedLayer, CheckedModel } from "../../check/checked.ts";
import { forEachLayer } from "../../check/walk.ts";
import type { ExportFormat } from "./format.ts";

export function refuseUnexportable(model: CheckedModel, format: ExportFormat): void {
  const refused: { layer: CheckedLayer; reason: string }[] = [];
  forEachLayer(model.nodes, (layer) => {
    const reason = format.refusal(layer);
    if (reason !== undefined) refused.push({ layer, reason });
  });
  const [first, ...others] = refused;
  if (!first) return;
  const line = (layer: CheckedLayer) => `\`${layer.name}\` (line ${layer.span.start.line})`;
  throw new DiagnosticError(
    error("DL601", `layer \`${first.layer.spec.name}\` of model \`${model.name}\` has no ${format.name} counterpart`, first.layer.span, {
      label: first.reason,
      hints: [
        others.length
          ? `${others.map((o) => line(o.layer)).join(", ")} cannot be exported to ${format.name} either`
          : `${format.name} takes ${format.kinds().join(", ")}`,
      ],
    }),
  );
}
