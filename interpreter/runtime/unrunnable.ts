// DL304: a model the chosen backend cannot run is refused before any data is loaded, at the
// first layer (then the loss, then the optimizer) that needs something the backend lacks.
import { DiagnosticError, error } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../grammar/ast.ts";
import type { Config } from "../../stdlib/spec.ts";
import type { Backend } from "../backends/backend.ts";
import type { CheckedModel } from "../check/checked.ts";
import { kernelRequirements, missingKernels, type Requirement } from "./kernel-requirements.ts";
import type { LossChoice } from "./model-runtime.ts";

/** What is about to run: a model with its loss, forward only or with gradients (and then maybe an optimizer). */
export interface Workload {
  model: CheckedModel;
  loss: LossChoice;
  /** The `loss` line of the `train`, or the statement that runs the model. */
  lossSpan: Span;
  needs: "forward" | "training";
  optimizer?: { name: string; config: Config; span: Span };
}

/** Throws DL304 when `backend` cannot run `work`. */
export function refuseUnrunnable(work: Workload, backend: Backend): void {
  const { model } = work;
  const requirements = kernelRequirements(model, work.loss, work.optimizer);
  const [gap, ...others] = missingKernels(requirements, backend, work.needs);
  if (!gap) return;
  const { part } = gap.requirement;
  const [what, span] =
    part.type === "node"
      ? [`${part.node.type === "residual" ? "residual block" : "layer"} \`${part.node.name}\` of model \`${model.name}\``, part.node.span]
      : part.type === "loss"
        ? [`loss \`${part.name}\``, work.lossSpan]
        : [`optimizer \`${part.name}\``, work.optimizer!.span];
  throw new DiagnosticError(
    error("DL304", `${what} cannot run on the ${backend.name} backend`, span, {
      label: `needs ${kernelList(gap.missing)}, which the ${backend.name} backend lacks`,
      hints: [
        others.length
          ? `also missing on ${backend.name}: ${others.map((o) => `${partName(o.requirement)} needs ${kernelList(o.missing)}`).join("; ")}`
          : "nothing else in this model is missing; the cpu backend has every kernel",
      ],
    }),
  );
}

function partName({ part }: Requirement): string {
  return part.type === "node" ? `\`${part.node.name}\`` : `the ${part.type} \`${part.name}\``;
}

function kernelList(kernels: readonly string[]): string {
  const names = kernels.map((k) => `\`${k}\``);
  return names.length === 1 ? `kernel ${names[0]}` : `kernels ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
