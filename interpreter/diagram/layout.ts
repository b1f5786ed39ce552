// Places a model graph's boxes and routes its arrows with dagre (a layered graph layout), so
// merges, skips and parallel towers come out readable, not only plain stacks.
import dagre from "@dagrejs/dagre";
import type { GraphCluster, GraphEdge, GraphNode, ModelGraph } from "./model-graph.ts";

export interface Box {
  /** Centre. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutGraph {
  name: string;
  width: number;
  height: number;
  nodes: (GraphNode & Box)[];
  edges: (GraphEdge & { points: { x: number; y: number }[] })[];
  clusters: (GraphCluster & Box)[];
}

/** Text metrics of the drawing: a monospace font, so a line's width follows from its length. */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.3;
export const LINE_HEIGHT = 16;
export const PADDING = 8;

/** The lines a node's box shows, first in bold. */
export function nodeLines(node: GraphNode): string[] {
  return [node.name, node.kind, node.shape, `${node.params.toLocaleString("en-US")} params`];
}

export function layoutGraph(graph: ModelGraph): LaidOutGraph {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 30, ranksep: 28, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const cluster of graph.clusters) {
    g.setNode(cluster.id, { label: cluster.label });
    if (cluster.parent) g.setParent(cluster.id, cluster.parent);
  }
  for (const node of graph.nodes) {
    const lines = nodeLines(node);
    g.setNode(node.id, {
      width: Math.max(...lines.map((line) => line.length)) * CHAR_WIDTH + 2 * PADDING,
      height: lines.length * LINE_HEIGHT + 2 * PADDING,
    });
    if (node.cluster) g.setParent(node.id, node.cluster);
  }
  graph.edges.forEach((edge, i) => g.setEdge(edge.from, edge.to, {}, `e${i}`));
  dagre.layout(g);
  const box = (id: string): Box => {
    const { x, y, width, height } = g.node(id) as Box;
    return { x, y, width, height };
  };
  const { width, height } = g.graph() as { width: number; height: number };
  return {
    name: graph.name,
    width,
    height,
    nodes: graph.nodes.map((node) => ({ ...node, ...box(node.id) })),
    edges: graph.edges.map((edge, i) => ({
      ...edge,
      points: (g.edge(edge.from, edge.to, `e${i}`) as { points: { x: number; y: number }[] }).points,
    })),
    clusters: graph.clusters.map((cluster) => ({ ...cluster, ...box(cluster.id) })),
  };
}
