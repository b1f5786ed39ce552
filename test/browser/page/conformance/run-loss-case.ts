// A loss case: the loss of y_pred against y_true and dloss/dy_pred on the backend.
import { Graph } from "../../../../interpreter/autograd/graph.ts";
import type { Backend } from "../../../../interpreter/backends/backend.ts";
import { loss } from "../../../../stdlib/losses/index.ts";
import type { RefCase, RefTensor } from "../../../helpers/conformance.ts";
import { CaseValues } from "./case-values.ts";
import { defaults } from "../../../../stdlib/spec.ts";

export async function runLossCase(ref: RefCase, backend: Backend): Promise<CaseValues> {
  const entry = loss(ref.op);
  const options = Object.fromEntries(Object.entries(ref.config).filter(([key]) => key in defaults(entry))) as Record<
    string,
    number | boolean
  >;
  const graph = new Graph(backend);
  const given = (name: string, requiresGrad: boolean) => {
    const tensor = ref.inputs[name] as RefTensor;
    const value = graph.input(tensor.shape, name, { requiresGrad });
    backend.write(value.tensor, tensor.data);
    return value;
  };
  const yPred = given("y_pred", true);
  const value = entry.apply(graph, yPred, given("y_true", false), options);
  const plan = graph.compile(value);
  plan.forward();
  plan.backward();
  const values = new CaseValues();
  values.add("loss", await backend.read(value.tensor), ref.expected["loss"].data);
  values.add("grad_y_pred", await backend.read(plan.grad(yPred)), ref.expected["grad_y_pred"].data);
  return values;
}
