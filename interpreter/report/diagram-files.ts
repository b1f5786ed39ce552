// `dl check --diagram FILE`: every model's diagram written to a file, in the form its extension
// names: .svg (a picture), .mmd (Mermaid text) or .md (Mermaid in a fenced block, which GitHub and
// GitLab render in Markdown). One model gets the path as given; several get one file each, the
// model's name before the extension (out.svg → out.encoder.svg, out.decoder.svg).
import type { CheckedModel } from "../check/checked.ts";
import { diagramMermaid } from "../diagram/mermaid.ts";
import { diagramSvg } from "../diagram/svg.ts";
import { UserError } from "../runtime/user-error.ts";
import { write } from "./run-files.ts";

const forms: Record<string, (model: CheckedModel) => string> = {
  ".svg": diagramSvg,
  ".mmd": diagramMermaid,
  ".md": (model) => `\`\`\`mermaid\n${diagramMermaid(model)}\`\`\`\n`,
};

/** Writes the diagrams; returns the paths written. */
export function writeDiagrams(models: readonly CheckedModel[], path: string): string[] {
  const extension = /\.[^./\\]*$/.exec(path)?.[0]?.toLowerCase() ?? "";
  const render = forms[extension];
  if (!render) throw new UserError(`cannot tell the diagram's form from "${path}"`, "name a .svg, .mmd (Mermaid) or .md (Markdown) file");
  const stem = path.slice(0, path.length - extension.length);
  return models.map((model) => {
    const target = models.length === 1 ? path : `${stem}.${model.name}${extension}`;
    write(target, render(model));
    return target;
  });
}
