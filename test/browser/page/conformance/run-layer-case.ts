// An activation or layer case: the case as a one-layer model, checked like any program, then
// the layer's own forward on the backend with the reference's input and weights, and the
// backward pass from the reference's upstream gradient (L = sum(y * upstream)).
import { Graph, type Value } from "../../../../interpreter/autograd/graph.ts";
import type { Backend } from "../../../../interpreter/backends/backend.ts";
import type { LayerSpec } from "../../../../stdlib/layers/layer-spec.ts";
import type { RefCase } from "../../../helpers/conformance.ts";
import { compile } from "../compile.ts";
import { CaseValues } from "./case-values.ts";
import { layerLine } from "./layer-line.ts";

export async function runLayerCase(ref: RefCase, backend: Backend): Promise<CaseValues> {
  const x = ref.inputs["x"] as { shape: number[]; data: number[] };
  const source = `model m {\n  input ${x.shape.slice(1).join(" ")}\n  ${layerLine(ref.op, ref.config)}\n}\n`;
  const node = compile(source).models.get("m")!.nodes[0]!;
  if (node.type !== "layer") throw new Error(`${ref.name}: expected one layer`);

  const graph = new Graph(backend);
  if (typeof ref.config["training"] === "boolean") graph.training = ref.config["training"];
  const input = graph.input(x.shape, "x", { requiresGrad: ref.op !== "embedding" });
  backend.write(input.tensor, x.data);
  const weights = new Map<string, Value>();
  for (const param of node.params) {
    const weight = graph.input(ref.params[param.name]!.shape, param.name, { requiresGrad: param.trainable });
    backend.write(weight.tensor, ref.params[param.name]!.data);
    weights.set(param.name, weight);
  }
  const param = (name: string): Value => weights.get(name) ?? fail(`${ref.name}: no weight "${name}"`);
  const y = (node.spec as LayerSpec).forward!({ graph, param }, input, node.config);
  const seed = backend.alloc(y.shape);
  backend.write(seed, ref.upstream!.data);
  const plan = graph.compile(y, { seed });
  plan.forward();
  plan.backward();

  const values = new CaseValues();
  for (const [what, expected] of Object.entries(ref.expected as Record<string, { data: number[] }>)) {
    values.add(what, await backend.read(tensorOf(what)), expected.data);
  }
  return values;

  function tensorOf(what: string) {
    if (what === "y") return y.tensor;
    if (what === "grad_x") return plan.grad(input);
    if (what.startsWith("grad_")) return plan.grad(param(what.slice("grad_".length)));
    // batchnorm's moving statistics, updated in place by the training forward pass
    return param(what).tensor;
  }
}

function fail(message: string): never {
  throw new Error(message);
}
