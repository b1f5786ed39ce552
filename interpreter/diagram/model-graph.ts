// A checked model as a graph of boxes and arrows, what a diagram draws: one node per layer (and
// one for the input and for each residual join), one edge per value a layer reads, and a residual
// block's body as a cluster. Built with the model walker, so `as`/`from`, merges and skips are
// resolved exactly as the runtime resolves them.
import { formatBatchShape } from "../../stdlib/layers/layer-spec.ts";
import type { CheckedModel, CheckedNode } from "../check/checked.ts";
import { walkModel } from "../check/walk.ts";
import { countParams } from "../summary.ts";

export interface GraphNode {
  id: string;
  /** The layer's name in the model (dense_1), `input`, or the residual block's name for its join. */
  name: string;
  /** Keras' class name (Dense, Conv2D, …), with the activation when it has one: `Dense, relu`. */
  kind: string;
  /** The output shape with its batch axis: (None, 128). */
  shape: string;
  params: number;
  /** The residual block whose body holds it, innermost first; absent at the top level. */
  cluster?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** A residual block's skip. */
  skip?: boolean;
}

export interface GraphCluster {
  id: string;
  label: string;
  /** The residual block around this one. */
  parent?: string;
}

export interface ModelGraph {
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  clusters: GraphCluster[];
}

export function modelGraph(model: CheckedModel): ModelGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const clusters: GraphCluster[] = [];
  const clusterOf = new Map<CheckedNode, string>();
  const collect = (body: readonly CheckedNode[], parent?: string) => {
    for (const node of body) {
      if (parent) clusterOf.set(node, parent);
      if (node.type !== "residual") continue;
      const id = `cluster_${node.name}`;
      clusters.push({ id, label: node.name, ...(parent ? { parent } : {}) });
      collect(node.body, id);
    }
  };
  collect(model.nodes);
  const add = (node: Omit<GraphNode, "id">, origin?: CheckedNode): string => {
    const id = `n${nodes.length}`;
    const cluster = origin && clusterOf.get(origin);
    nodes.push({ id, ...node, ...(cluster ? { cluster } : {}) });
    return id;
  };
  const input = add({
    name: model.inputName ? `input as ${model.inputName}` : "input",
    kind: "InputLayer",
    shape: formatBatchShape(model.inputShape),
    params: 0,
  });
  walkModel(model, input, {
    layer(layer, inputs) {
      const activation = layer.config["activation"];
      const suffix = typeof activation === "string" && activation !== "linear" ? `, ${activation}` : "";
      const id = add(
        {
          name: layer.as ? `${layer.name} as ${layer.as}` : layer.name,
          kind: `${layer.spec.keras}${suffix}`,
          shape: formatBatchShape(layer.outputShape),
          params: countParams([layer]).total,
        },
        layer,
      );
      for (const from of inputs) edges.push({ from, to: id });
      return id;
    },
    residual(block, body, skip) {
      // The join sits outside the body's cluster: it adds the body's output to what entered the block.
      const id = add({ name: `${block.name} add`, kind: "Add", shape: formatBatchShape(block.outputShape), params: 0 }, block);
      edges.push({ from: body, to: id }, { from: skip, to: id, skip: true });
      return id;
    },
  });
  return { name: model.name, nodes, edges, clusters };
}
