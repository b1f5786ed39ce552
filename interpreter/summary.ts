// A Keras-style model.summary(): one row per layer with its output shape and weight count.
import { formatBatchShape } from "../stdlib/layers/layer-spec.ts";
import type { CheckedModel, CheckedNode } from "./check/checked.ts";

interface Row {
  name: string;
  shape: string;
  params: number;
  /** Named outputs it reads (`from x`, `add a b`); empty for the line above. */
  connected?: string;
}

export interface ParamCounts {
  total: number;
  trainable: number;
}

export function countParams(nodes: readonly CheckedNode[]): ParamCounts {
  let total = 0;
  let trainable = 0;
  for (const node of nodes) {
    if (node.type === "residual") {
      const inner = countParams(node.body);
      total += inner.total;
      trainable += inner.trainable;
      continue;
    }
    for (const param of node.params) {
      const size = param.shape.reduce((a, b) => a * b, 1);
      total += size;
      if (param.trainable) trainable += size;
    }
  }
  return { total, trainable };
}

function rows(nodes: readonly CheckedNode[], indent: string): Row[] {
  return nodes.flatMap((node): Row[] => {
    if (node.type === "layer") {
      const activation = node.config["activation"];
      const suffix = typeof activation === "string" && activation !== "linear" ? `, ${activation}` : "";
      const named = node.as ? ` as ${node.as}` : "";
      return [
        {
          name: `${indent}${node.name} (${node.spec.keras}${suffix})${named}`,
          shape: formatBatchShape(node.outputShape),
          params: countParams([node]).total,
          connected: node.inputs.join(", "),
        },
      ];
    }
    return [
      { name: `${indent}${node.name} (Residual)`, shape: formatBatchShape(node.inputShape), params: 0 },
      ...rows(node.body, indent + "│ "),
      { name: `${indent}└ add (input + body)`, shape: formatBatchShape(node.outputShape), params: 0 },
    ];
  });
}

export function summarize(model: CheckedModel): string {
  const input = `input (InputLayer)${model.inputName ? ` as ${model.inputName}` : ""}`;
  const table: Row[] = [{ name: input, shape: formatBatchShape(model.inputShape), params: 0 }, ...rows(model.nodes, "")];
  // A model that names outputs is a graph, not a chain: say what each layer reads (Keras' "Connected to").
  const graph = table.some((r) => r.connected);
  const nameWidth = Math.max(28, ...table.map((r) => r.name.length + 2));
  const shapeWidth = Math.max(20, ...table.map((r) => r.shape.length + 2));
  const connectedWidth = graph ? Math.max(14, ...table.map((r) => (r.connected?.length ?? 0) + 2)) : 0;
  const width = nameWidth + shapeWidth + 12 + connectedWidth;
  const line = (char: string) => char.repeat(width);
  const row = (a: string, b: string, c: string, d = "") =>
    ` ${a.padEnd(nameWidth)}${b.padEnd(shapeWidth)}${c.padStart(10)}${graph ? `  ${d}` : ""}`.trimEnd();
  const { total, trainable } = countParams(model.nodes);
  const n = (x: number) => x.toLocaleString("en-US");
  return [
    `Model: "${model.name}"`,
    line("_"),
    row("Layer (type)", "Output Shape", "Param #", "Connected to"),
    line("="),
    ...table.map((r) => row(r.name, r.shape, n(r.params), r.connected || (graph && r !== table[0] ? "(line above)" : ""))),
    line("="),
    `Total params: ${n(total)}`,
    `Trainable params: ${n(trainable)}`,
    `Non-trainable params: ${n(total - trainable)}`,
    line("_"),
  ].join("\n");
}
