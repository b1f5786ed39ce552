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
// runProgram, predictFile (from saved weights), parityReports, formatFiles, summarize, diagrams
// (diagramSvg, diagramMermaid), a run's record (RunRecorder) with its history files and HTML report,
// generatePytorch / runPytorch (the same training as a PyTorch program, on GPUs and many processes),
// exportModel / writeExport (a model with its weights as ONNX, see docs/export.md).
// Node's file system and Prettier load only when a function that needs them is called, so a
// web page can bundle this module (test/api-bundle.test.ts holds it to that). Training,
// evaluation, saving and the backends load on first use too (build, fit, … are async), so a
// program that only parses and checks, such as `dl check`, never loads them.
import type { Backend } from "./backends/backend.ts";
import { loadBackend } from "./backends/registry.ts";
import type { CheckedModel } from "./check/checked.ts";
import type * as ModelExport from "./engines/export/export-model.ts";
import type * as KerasImport from "./engines/keras/import-file.ts";
import type * as PytorchExport from "./engines/pytorch/export.ts";
import type * as WriteExport from "./engines/export/write-export.ts";
import type * as PytorchRun from "./engines/pytorch/run-pytorch.ts";
import type * as Evaluation from "./runtime/evaluate.ts";
import type * as FileFormatting from "./runtime/format-files.ts";
import type * as Training from "./runtime/fit.ts";
import type { LossChoice, ModelRuntime } from "./runtime/model-runtime.ts";
import type * as FilePrediction from "./runtime/predict-file.ts";
import type * as ProgramParity from "./runtime/program-parity.ts";
import type * as Weights from "./runtime/weights.ts";
import type * as Workflow from "./run.ts";
import type * as DiagramFiles from "./report/diagram-files.ts";
import type * as RunFiles from "./report/run-files.ts";

export { parse, type ParseResult } from "../grammar/parse.ts";
export { check, type CheckOptions, type CheckResult } from "./check/check.ts";
export { estimateMemory, formatBytes, machineMemoryLimit, parseMemorySize, type MemoryEstimate } from "./check/memory.ts";
export type { CheckedLayer, CheckedModel, CheckedNode, CheckedProgram } from "./check/checked.ts";
export { loadProgram, type LoadResult } from "./runtime/load-program.ts";
export type { FitOptions, FitReporter, History } from "./runtime/fit.ts";
export type { Logs } from "./runtime/evaluate.ts";
export { fitToInput, prepareData, type PreparedData } from "./runtime/data.ts";
export type { DataSplits, Dataset } from "../stdlib/datasets/dataset.ts";
export { loadSource } from "../stdlib/datasets/index.ts";
export { booleanLiterals, keywords } from "../grammar/keywords.ts";
export { loadWeights } from "./runtime/weights.ts";
export type { Prediction, PredictionTable } from "./runtime/predict-file.ts";
export type { EvaluatedOutputs, LoadedProgram, RunOptions, RunReporter } from "./run.ts";
export { modelGraph, type GraphCluster, type GraphEdge, type GraphNode, type ModelGraph } from "./diagram/model-graph.ts";
export { diagramSvg } from "./diagram/svg.ts";
export { diagramMermaid } from "./diagram/mermaid.ts";
export { RunRecorder, type EvaluationRecord, type RunRecord, type TrainingRecord } from "./report/run-record.ts";
export { teeReporters } from "./report/tee-reporter.ts";
export { classScores, confusionMatrix, correctCount, type ClassScores, type Confusion } from "./report/confusion.ts";
export { historyCsv, historyJson } from "./report/history.ts";
export { historyChart } from "./report/charts.ts";
export { renderReport, type ReportInput } from "./report/report-html.ts";
export { countParams, summarize } from "./summary.ts";
export type { ExportOptions, PytorchProgram } from "./engines/pytorch/export.ts";
export type { ExportedModel, ModelExportOptions } from "./engines/export/export-model.ts";
export type { ExportOutput } from "./engines/export/format.ts";
export { exportFormatNames } from "./engines/export/format-names.ts";
export { installHint as pytorchInstallHint } from "./engines/pytorch/install-hint.ts";
export type { PytorchRunOptions } from "./engines/pytorch/run-pytorch.ts";
export type { ImportedFiles } from "./engines/keras/import-file.ts";
export { formatBatchShape } from "../stdlib/layers/layer-spec.ts";
export { descriptions, type ArgDescription, type Description, type Family } from "./descriptions.ts";
export { PARITY_TOLERANCE } from "./runtime/parity-tolerance.ts";
export type { ParityReport } from "./runtime/backend-parity.ts";
export { formatDl } from "../grammar/format/format.ts";
export { DlSyntaxError } from "../grammar/format/dl-syntax-error.ts";
export type { FormatFileResult, FormatMode } from "./runtime/format-files.ts";
export { DiagnosticError, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
export { renderDiagnostic, renderDiagnostics } from "../diagnostics/render.ts";
export { UserError } from "./runtime/user-error.ts";
export { TrainingInterrupted } from "./runtime/errors.ts";
export type { FitControl } from "./runtime/fit.ts";
export { backendNames, loadBackend } from "./backends/registry.ts";
export { BackendUnavailableError, type Backend, type BackendOptions } from "./backends/backend.ts";
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
export async function build(model: CheckedModel, options: BuildOptions): Promise<ModelRuntime> {
  const [{ ModelRuntime }, backend] = await Promise.all([import("./runtime/model-runtime.ts"), options.backend ?? loadBackend("cpu")]);
  return new ModelRuntime(backend, model, options.loss, options.seed ?? 0);
}

export async function fit(...args: Parameters<typeof Training.fit>): ReturnType<typeof Training.fit> {
  return (await import("./runtime/fit.ts")).fit(...args);
}

export async function evaluate(...args: Parameters<typeof Evaluation.evaluate>): ReturnType<typeof Evaluation.evaluate> {
  return (await import("./runtime/evaluate.ts")).evaluate(...args);
}

export async function predict(...args: Parameters<typeof Evaluation.predict>): ReturnType<typeof Evaluation.predict> {
  return (await import("./runtime/evaluate.ts")).predict(...args);
}

export async function saveWeights(...args: Parameters<typeof Weights.saveWeights>): ReturnType<typeof Weights.saveWeights> {
  return (await import("./runtime/weights.ts")).saveWeights(...args);
}

export async function predictFile(...args: Parameters<typeof FilePrediction.predictFile>): ReturnType<typeof FilePrediction.predictFile> {
  return (await import("./runtime/predict-file.ts")).predictFile(...args);
}

export async function runProgram(...args: Parameters<typeof Workflow.runProgram>): ReturnType<typeof Workflow.runProgram> {
  return (await import("./run.ts")).runProgram(...args);
}

export async function parityReports(
  ...args: Parameters<typeof ProgramParity.parityReports>
): ReturnType<typeof ProgramParity.parityReports> {
  return (await import("./runtime/program-parity.ts")).parityReports(...args);
}

export async function formatFiles(...args: Parameters<typeof FileFormatting.formatFiles>): ReturnType<typeof FileFormatting.formatFiles> {
  return (await import("./runtime/format-files.ts")).formatFiles(...args);
}

/** The program as a standalone PyTorch program with its data (async: it loads the exporter and a backend). */
export async function generatePytorch(
  ...args: Parameters<typeof PytorchExport.generatePytorch>
): Promise<ReturnType<typeof PytorchExport.generatePytorch>> {
  return (await import("./engines/pytorch/export.ts")).generatePytorch(...args);
}

export async function runPytorch(...args: Parameters<typeof PytorchRun.runPytorch>): ReturnType<typeof PytorchRun.runPytorch> {
  return (await import("./engines/pytorch/run-pytorch.ts")).runPytorch(...args);
}

/** One model of the program with its weights in another format (async: it loads the writer and a backend). */
export async function exportModel(...args: Parameters<typeof ModelExport.exportModel>): ReturnType<typeof ModelExport.exportModel> {
  return (await import("./engines/export/export-model.ts")).exportModel(...args);
}

/** Writes an export's file or folder whole or not at all. */
export async function writeExport(...args: Parameters<typeof WriteExport.writeExport>): Promise<void> {
  (await import("./engines/export/write-export.ts")).writeExport(...args);
}

/** Writes every training's history as .history.json and .history.csv (see report/run-files.ts for where). */
export async function writeHistoryFiles(...args: Parameters<typeof RunFiles.writeHistoryFiles>): Promise<string[]> {
  return (await import("./report/run-files.ts")).writeHistoryFiles(...args);
}

/** Writes a run's HTML report, whole or not at all. */
export async function writeReport(...args: Parameters<typeof RunFiles.writeReport>): Promise<void> {
  (await import("./report/run-files.ts")).writeReport(...args);
}

/** Writes models' diagrams as SVG, Mermaid or Markdown, by the path's extension. */
export async function writeDiagrams(...args: Parameters<typeof DiagramFiles.writeDiagrams>): Promise<string[]> {
  return (await import("./report/diagram-files.ts")).writeDiagrams(...args);
}

/** A TF.js model.json or Keras 3 .keras file as a .dl program and its weights (`dl import`). */
export async function importModelFile(
  ...args: Parameters<typeof KerasImport.importModelFile>
): ReturnType<typeof KerasImport.importModelFile> {
  return (await import("./engines/keras/import-file.ts")).importModelFile(...args);
}
