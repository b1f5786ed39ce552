// The one way to walk a checked model in order: the runtime builds its graph with it, the
// kernel-requirements recorder records kernels with it, and an exporter or code generator can
// emit its nodes with it. The walker resolves what each layer reads (the line above, a name
// given with `as`, or the outputs a merge joins) and the skip of a residual block; the visitor
// says what flows: a graph value, a shape, or a tensor name, as in this exporter:
//
//   const nodes: { op: string; inputs: string[]; output: string }[] = [];
//   const output = walkModel(model, "input", {
//     layer(layer, inputs) {
//       nodes.push({ op: layer.spec.keras, inputs, output: layer.name });
//       return layer.name;
//     },
//     residual(block, body, skip) {
//       nodes.push({ op: "Add", inputs: [body, skip], output: block.name });
//       return block.name;
//     },
//   });
import type { CheckedLayer, CheckedModel, CheckedNode, CheckedResidual } from "./checked.ts";

/** What to do at each node; `T` is what flows between nodes. */
export interface ModelVisitor<T> {
  /** A layer, with what it reads: the named outputs in `layer.inputs`, else the value of the line above. Returns its output. */
  layer(layer: CheckedLayer, inputs: T[]): T;
  /** The join that ends a residual block (after its body was walked): the body's output plus the block's input. */
  residual(block: CheckedResidual, body: T, skip: T): T;
}

/** Walks `model` from `input` in source order (a residual block's body before its join); returns the model's output. */
export function walkModel<T>(model: CheckedModel, input: T, visitor: ModelVisitor<T>): T {
  return walkNodes(model.nodes, input, new Map(model.inputName ? [[model.inputName, input]] : []), visitor);
}

/** `named` holds the outputs named with `as` (and the input's name); a name given in a residual body stays visible after it. */
function walkNodes<T>(nodes: readonly CheckedNode[], input: T, named: Map<string, T>, visitor: ModelVisitor<T>): T {
  let x = input;
  for (const node of nodes) {
    if (node.type === "residual") {
      x = visitor.residual(node, walkNodes(node.body, x, named, visitor), x);
      continue;
    }
    x = visitor.layer(node, node.inputs.length ? node.inputs.map((name) => named.get(name)!) : [x]);
    if (node.as) named.set(node.as, x);
  }
  return x;
}

/** Every layer in order, residual bodies included, when nothing needs to flow (e.g. to list the weights). */
export function forEachLayer(nodes: readonly CheckedNode[], visit: (layer: CheckedLayer) => void): void {
  for (const node of nodes) {
    if (node.type === "layer") visit(node);
    else forEachLayer(node.body, visit);
  }
}
