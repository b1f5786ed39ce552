// A model diagram as standalone SVG text: boxes with each layer's name, kind, output shape and
// parameter count, arrows for what each layer reads (a residual skip dashed), a residual body
// framed. Pure text, so the CLI writes it to a file and a web page puts it in the DOM alike.
import type { CheckedModel } from "../check/checked.ts";
import { FONT_SIZE, LINE_HEIGHT, layoutGraph, nodeLines, PADDING, type LaidOutGraph } from "./layout.ts";
import { modelGraph } from "./model-graph.ts";

const TITLE_HEIGHT = 28;

export function diagramSvg(model: CheckedModel): string {
  return renderSvg(layoutGraph(modelGraph(model)));
}

export function renderSvg(graph: LaidOutGraph): string {
  const width = Math.ceil(graph.width);
  const height = Math.ceil(graph.height + TITLE_HEIGHT);
  const clusters = graph.clusters.map((c) => {
    const left = c.x - c.width / 2;
    const top = c.y - c.height / 2;
    return (
      `<g class="cluster"><rect x="${n(left)}" y="${n(top)}" width="${n(c.width)}" height="${n(c.height)}" rx="8" fill="#f4f7fb" stroke="#9fb3c8" stroke-dasharray="4 3"/>` +
      `<text x="${n(left + 6)}" y="${n(top + FONT_SIZE + 2)}" fill="#52606d">${escapeXml(c.label)}</text></g>`
    );
  });
  const edges = graph.edges.map((e) => {
    const path = e.points.map((p, i) => `${i ? "L" : "M"}${n(p.x)} ${n(p.y)}`).join(" ");
    const dash = e.skip ? ' stroke-dasharray="5 4"' : "";
    return `<path class="edge${e.skip ? " skip" : ""}" d="${path}" fill="none" stroke="#52606d" stroke-width="1.4"${dash} marker-end="url(#arrow)"/>`;
  });
  const nodes = graph.nodes.map((node) => {
    const left = node.x - node.width / 2;
    const top = node.y - node.height / 2;
    const fill = node.kind === "InputLayer" ? "#e6f6ec" : node.kind === "Add" ? "#fff4e0" : "#ffffff";
    const lines = nodeLines(node).map(
      (line, i) =>
        `<text x="${n(node.x)}" y="${n(top + PADDING + LINE_HEIGHT * (i + 0.75))}" text-anchor="middle"${i === 0 ? ' font-weight="bold"' : i === 1 ? ' fill="#2d3a8c"' : ""}>${escapeXml(line)}</text>`,
    );
    return (
      `<g class="node" data-name="${escapeXml(node.name)}" data-kind="${escapeXml(node.kind)}" data-shape="${escapeXml(node.shape)}" data-params="${node.params}">` +
      `<rect x="${n(left)}" y="${n(top)}" width="${n(node.width)}" height="${n(node.height)}" rx="6" fill="${fill}" stroke="#334e68"/>` +
      lines.join("") +
      "</g>"
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="dl-diagram" width="${width}" height="${height}" viewBox="0 ${-TITLE_HEIGHT} ${width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="${FONT_SIZE}">`,
    `<title>${escapeXml(graph.name)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#52606d"/></marker></defs>',
    `<rect x="0" y="${-TITLE_HEIGHT}" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="${-TITLE_HEIGHT + 18}" font-size="14" font-weight="bold">model ${escapeXml(graph.name)}</text>`,
    ...clusters,
    ...edges,
    ...nodes,
    "</svg>",
  ].join("\n");
}

/** A coordinate with at most one decimal, so the text stays short and stable. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
