// add: y = a + b + … of same-shaped outputs. Keras: Add.
// concat: y = [a, b, …] joined along the last axis. Keras: Concatenate(axis=-1).
// Both take the outputs they join by name: `layer dense 64 relu as h` … `layer add h g`.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { name } from "../values.ts";
import { formatShape, ShapeError, type MergeSpec } from "./layer-spec.ts";

const inputs = { name: "inputs", type: name, doc: "names of the outputs to join (`as NAME` on earlier lines)", variadic: true };

function atLeastTwo(kind: string, shapes: readonly (readonly number[])[]): void {
  if (shapes.length < 2)
    throw new ShapeError(`\`${kind}\` joins two or more named outputs, got ${shapes.length}`, [
      `name outputs with \`as NAME\` and list them: \`layer ${kind} a b\``,
    ]);
}

export const add: MergeSpec = {
  name: "add",
  keras: "Add",
  doc: "adds named outputs of the same shape",
  args: [inputs],
  options: [],
  merge: true,
  outputShape(shapes) {
    atLeastTwo("add", shapes);
    const first = formatShape(shapes[0]!);
    if (shapes.some((s) => formatShape(s) !== first)) {
      throw new ShapeError(`\`add\` needs outputs of one shape, got ${shapes.map(formatShape).join(" and ")}`, [
        "use `concat` to join outputs of different widths",
      ]);
    }
    return shapes[0]!;
  },
  forward: (layer, xs) => xs.slice(1).reduce((sum, x) => ops.add(layer.graph, sum, x), xs[0]!),
};

export const concat: MergeSpec = {
  name: "concat",
  keras: "Concatenate",
  doc: "joins named outputs along their last axis",
  args: [inputs],
  options: [],
  merge: true,
  outputShape(shapes) {
    atLeastTwo("concat", shapes);
    const leading = (s: readonly number[]) => formatShape(s.slice(0, -1));
    if (shapes.some((s) => s.length !== shapes[0]!.length || leading(s) !== leading(shapes[0]!))) {
      throw new ShapeError(`\`concat\` needs outputs that differ only in their last axis, got ${shapes.map(formatShape).join(" and ")}`);
    }
    return [...shapes[0]!.slice(0, -1), shapes.reduce((sum, s) => sum + s.at(-1)!, 0)];
  },
  forward: (layer, xs) => ops.concat(layer.graph, xs),
};
