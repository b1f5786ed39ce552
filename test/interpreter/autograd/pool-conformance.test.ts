import type { LayerSpec } from "../../../stdlib/layers/layer-spec.ts";
// Conformance of max / average / global average pooling: y and grad_x of every reference case,
// through the autograd op and through the layer's `forward` with the checker's config.
import { test } from "uvu";
import type { Value } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { assertClose, loadCase, type RefCase } from "../../helpers/conformance.ts";
import { compile } from "../runtime/helpers.ts";
import { evaluate, type Build } from "./harness.ts";

const windowed: [string, "max" | "avg"][] = [
  ["max_pooling2d_valid", "max"],
  ["max_pooling2d_same", "max"],
  ["max_pooling2d_overlap", "max"],
  ["average_pooling2d_valid", "avg"],
  ["average_pooling2d_same", "avg"],
  ["average_pooling2d_overlap_same", "avg"],
];

function viaLayer(ref: RefCase, line: string): Build {
  const layer = compile(`model m {\n  input ${ref.inputs.x.shape.slice(1).join(" ")}\n  ${line}\n}\n`).checked.models.get("m")!.nodes[0]!;
  if (layer.type !== "layer") throw new Error("expected a layer");
  const param = (name: string): Value => {
    throw new Error(`pooling has no weight ${name}`);
  };
  return (graph, [x]) => (layer.spec as LayerSpec).forward!({ graph, param }, x!, layer.config);
}

function check(name: string, how: string, build: Build): void {
  test(`conformance ${name} (${how}): y and grad_x`, async () => {
    const ref = loadCase(name);
    const { y, grads } = await evaluate(build, [ref.inputs.x], ref.upstream!.data);
    assertClose(y, ref.expected.y.data, `${name} y`);
    assertClose(grads[0]!, ref.expected.grad_x.data, `${name} grad_x`);
  });
}

for (const [name, reduction] of windowed) {
  const ref = loadCase(name);
  const c = ref.config as { pool_size: number[]; strides: number[]; padding: string };
  check(name, "op", (g, [x]) => ops.pool(g, reduction, x!, { pool: c.pool_size, strides: c.strides, padding: c.padding }));
  const list = (v: number[]) => `[${v.join(", ")}]`;
  check(name, "layer", viaLayer(ref, `layer ${reduction}pool2d ${list(c.pool_size)} strides=${list(c.strides)} padding=${c.padding}`));
}

const global = loadCase("global_average_pooling2d");
check("global_average_pooling2d", "op", (g, [x]) => ops.globalPool(g, "avg", x!));
check("global_average_pooling2d", "layer", viaLayer(global, "layer global_avgpool2d"));

test.run();
