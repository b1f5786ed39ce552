// The TypeScript API: the same steps the `dl` command takes, for programs and web pages.
//
//   const { program, diagnostics } = parse(text);
//   const checked = check(program);
//   const model = build(checked.program.models.get("mnist_mlp")!, { loss, seed: 42 });
//   await fit(model, train, validation, options);
//   await evaluate(model, test, { batch: 32, metrics: ["accuracy"] });
//   await predict(model, inputs);
//
// Everything the `dl` command does is here too: loadProgram (a file with every diagnostic),
// runProgram, predictFile (from saved weights), parityReports, formatFiles, summarize, and
// generatePytorch / runPytorch (the same training as a PyTorch program, on GPUs and many processes).
// Node's file system and Prettier load only when a function that needs them is called, so a
// web page can bundle this module (test/api-bundle.test.ts holds it to that).
import type { Backend } from "./backends/backend.ts";
import { CpuBackend } from "./backends/cpu/cpu-backend.ts";
import type { CheckedModel } from "./check/checked.ts";
import { ModelRuntime, type LossChoice } from "./runtime/model-runtime.ts";

export { parse, type ParseResult } from "../grammar/parse.ts";
export { check, type CheckResult } from "./check/check.ts";
export type { CheckedLayer, CheckedModel, CheckedNode, CheckedProgram } from "./check/checked.ts";
export { loadProgram, type LoadResult } from "./runtime/load-program.ts";
export { fit, type FitOptions, type FitReporter, type History } from "./runtime/fit.ts";
export { evaluate, predict, type Logs } from "./runtime/evaluate.ts";
export { fitToInput, prepareData, type PreparedData } from "./runtime/data.ts";
export type { Dataset } from "../stdlib/datasets/dataset.ts";
export { loadWeights, saveWeights } from "./runtime/weights.ts";
export { predictFile, type Prediction } from "./runtime/predict-file.ts";
export { runProgram, type LoadedProgram, type RunOptions, type RunReporter } from "./run.ts";
export { countParams, summarize } from "./summary.ts";
export { generatePytorch, type ExportOptions, type PytorchProgram } from "./engines/pytorch/export.ts";
export { installHint as pytorchInstallHint, runPytorch, type PytorchRunOptions } from "./engines/pytorch/run-pytorch.ts";
export { formatBatchShape } from "../stdlib/layers/layer-spec.ts";
export { descriptions, type ArgDescription, type Description, type Family } from "./descriptions.ts";
export { parityReports } from "./runtime/program-parity.ts";
export { PARITY_TOLERANCE, type ParityReport } from "./runtime/backend-parity.ts";
export { formatDl } from "../grammar/format/format.ts";
export { DlSyntaxError } from "../grammar/format/dl-syntax-error.ts";
export { formatFiles, type FormatFileResult, type FormatMode } from "./runtime/format-files.ts";
export { DiagnosticError, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
export { renderDiagnostic, renderDiagnostics } from "../diagnostics/render.ts";
export { UserError } from "./runtime/user-error.ts";
export { backendNames, loadBackend } from "./backends/registry.ts";
export { BackendUnavailableError, type Backend } from "./backends/backend.ts";
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
