// The TypeScript API: the same steps the `dl` command takes, for programs and web pages.
//
//   const { program, diagnostics } = parse(text);
//   const checked = check(program);
//   const model = build(checked.program.models.get("mnist_mlp")!, { loss, seed: 42 });
//   await fit(model, train, validation, options);
//   await evaluate(model, test, { batch: 32, metrics: ["accuracy"] });
//   await predict(model, inputs);
import type { Backend } from "./backends/backend.ts";
import { CpuBackend } from "./backends/cpu/cpu-backend.ts";
import type { CheckedModel } from "./check/checked.ts";
import { ModelRuntime, type LossChoice } from "./runtime/model-runtime.ts";

export { parse, type ParseResult } from "../grammar/parse.ts";
export { check, type CheckResult } from "./check/check.ts";
export { fit, type FitOptions, type FitReporter, type History } from "./runtime/fit.ts";
export { evaluate, predict, type Logs } from "./runtime/evaluate.ts";
export { prepareData, type PreparedData } from "./runtime/data.ts";
export { loadWeights, saveWeights } from "./runtime/weights.ts";
export { runProgram, type RunOptions, type RunReporter } from "./run.ts";
export { summarize } from "./summary.ts";
export { renderDiagnostics } from "../diagnostics/render.ts";
export { backendNames, loadBackend } from "./backends/registry.ts";
export { BackendUnavailableError } from "./backends/backend.ts";
export type { ModelRuntime } from "./runtime/model-runtime.ts";

export interface BuildOptions {
  /** Where to compute; default cpu. Other backends come from `await loadBackend(name)`. */
  backend?: Backend;
  /** The loss the model is trained and evaluated with. */
  loss: LossChoice;
  /** Seeds the weight initializers. */
  seed?: number;
}

/** Allocates a checked model's weights (initialized from the seed) on a backend. */
export function build(model: CheckedModel, options: BuildOptions): ModelRuntime {
  return new ModelRuntime(options.backend ?? new CpuBackend(), model, options.loss, options.seed ?? 0);
}
