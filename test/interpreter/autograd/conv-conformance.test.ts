import type { LayerSpec } from "../../../stdlib/layers/layer-spec.ts";
// Conformance of conv1d / conv2d: y, grad_x, grad_kernel and grad_bias of every reference case,
// through the autograd op and through the layer's `forward` with the checker's config.
import { test } from "uvu";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { activation } from "../../../stdlib/activations/index.ts";
import { assertClose, loadCase, type RefCase } from "../../helpers/conformance.ts";
import { compile } from "../runtime/helpers.ts";
import { evaluate, type Build } from "./harness.ts";

const cases = [
  "conv1d_valid",
  "conv1d_same",
  "conv1d_same_stride2",
  "conv1d_causal",
  "conv2d_valid",
  "conv2d_same",
  "conv2d_same_even_kernel",
  "conv2d_same_stride2",
  "conv2d_valid_stride2",
  "conv2d_dilation2",
];

function viaOp(ref: RefCase): Build {
  const config = ref.config as { strides: number[]; dilation_rate: number[]; padding: string; activation: string };
  return (g, [x, kernel, bias]) =>
    activation(config.activation).apply(
      g,
      ops.conv(g, x!, kernel!, bias!, { strides: config.strides, dilation: config.dilation_rate, padding: config.padding }),
    );
}

/** The case as a one-layer model, checked like any program, then the layer's own `forward`. */
function viaLayer(ref: RefCase): Build {
  const c = ref.config as {
    filters: number;
    kernel_size: number[];
    strides: number[];
    dilation_rate: number[];
    padding: string;
    activation: string;
  };
  const list = (v: number[]) => `[${v.join(", ")}]`;
  const kind = c.kernel_size.length === 1 ? "conv1d" : "conv2d";
  const source = `model m {
  input ${ref.inputs.x.shape.slice(1).join(" ")}
  layer ${kind} ${c.filters} ${c.activation} kernel=${list(c.kernel_size)} strides=${list(c.strides)} padding=${c.padding} dilation=${list(c.dilation_rate)}
}
`;
  const layer = compile(source).checked.models.get("m")!.nodes[0]!;
  if (layer.type !== "layer") throw new Error("expected a layer");
  return (graph, [x, kernel, bias]) =>
    (layer.spec as LayerSpec).forward!({ graph, param: (name) => (name === "kernel" ? kernel! : bias!) }, x!, layer.config);
}

for (const name of cases) {
  const ref = loadCase(name);
  for (const [how, build] of [
    ["op", viaOp(ref)],
    ["layer", viaLayer(ref)],
  ] as const) {
    test(`conformance ${name} (${how}): y, grad_x, grad_kernel, grad_bias`, async () => {
      const { y, grads } = await evaluate(build, [ref.inputs.x, ref.params.kernel!, ref.params.bias!], ref.upstream!.data);
      assertClose(y, ref.expected.y.data, `${name} y`);
      assertClose(grads[0]!, ref.expected.grad_x.data, `${name} grad_x`);
      assertClose(grads[1]!, ref.expected.grad_kernel.data, `${name} grad_kernel`);
      assertClose(grads[2]!, ref.expected.grad_bias.data, `${name} grad_bias`);
    });
  }
}

test.run();
