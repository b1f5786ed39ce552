// Shared by the runtime tests: programs from source text, a backend that counts what it
// allocates and which learning rates its optimizer kernels get, and a reporter that keeps logs.
import { hasErrors } from "../../../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../../../diagnostics/render.ts";
import { parse } from "../../../grammar/parse.ts";
import type { KernelAttrs, Shape, Tensor } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { KernelAttrsOf, KernelName } from "../../../interpreter/backends/kernel-names.ts";
import { check } from "../../../interpreter/check/check.ts";
import type { LoadedProgram, RunReporter } from "../../../interpreter/run.ts";
import type { Logs } from "../../../interpreter/runtime/evaluate.ts";
import type { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import type { Optimizer } from "../../../stdlib/optimizers/index.ts";
import { assertClose, type RefCase, type RefTensor } from "../../helpers/conformance.ts";

/** Parses and checks `source` as if read from `file`; throws with the rendered diagnostics on errors. */
export function compile(source: string, file = "test.dl"): LoadedProgram {
  const parsed = parse(source);
  const checked = check(parsed.program);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) throw new Error(renderDiagnostics(diagnostics, file, source));
  return { file, source, program: parsed.program, checked: checked.program };
}

/** A CpuBackend that counts `alloc` calls and records the `lr` of every optimizer update kernel. */
export class CountingBackend extends CpuBackend {
  allocations = 0;
  /** lr attribute of each `*_update` kernel call, in order (one per weight per step). */
  readonly learningRates: number[] = [];
  recordRates = false;

  override alloc(shape: Shape): Tensor {
    this.allocations++;
    return super.alloc(shape);
  }

  override run<K extends KernelName>(kernel: K, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void {
    const read: KernelAttrs = attrs ?? {};
    if (this.recordRates && kernel.endsWith("_update") && typeof read["lr"] === "number") this.learningRates.push(read["lr"]);
    super.run(kernel, inputs, outputs, attrs);
  }
}

export interface Collected {
  epochs: { epoch: number; epochs: number; logs: Logs }[];
  evaluated: { model: string; data: string; split: string; count: number; logs: Logs }[];
  saved: string[];
  stopped: string[];
  /** The run-time warnings, as `CODE line:col message`. */
  warnings: string[];
  reporter: RunReporter;
}

/** A reporter that keeps every epoch's logs, evaluation and save; `onEpochEnd` runs after each epoch. */
export function collect(onEpochEnd?: (epoch: number) => void | Promise<void>): Collected {
  const collected: Collected = {
    epochs: [],
    evaluated: [],
    saved: [],
    stopped: [],
    warnings: [],
    reporter: {
      epochEnd(epoch, epochs, logs) {
        collected.epochs.push({ epoch, epochs, logs: { ...logs } });
        void onEpochEnd?.(epoch);
      },
      evaluated(model, data, split, count, logs) {
        collected.evaluated.push({ model, data, split, count, logs: { ...logs } });
      },
      saved(_model, path) {
        collected.saved.push(path);
      },
      stopped(message) {
        collected.stopped.push(message);
      },
      warning(d) {
        collected.warnings.push(`${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
      },
    },
  };
  return collected;
}

/**
 * Replays a whole-model conformance case: for each batch, checks y_pred_step0 (first batch) and
 * loss_before_step, then takes one optimizer step; `afterStep(k)` may check the weights.
 */
export async function replayModelCase(
  runtime: ModelRuntime,
  optimizer: Optimizer,
  ref: RefCase,
  afterStep: (k: number) => Promise<void> = async () => {},
): Promise<void> {
  const batches = ref.inputs["batches"] as { x: RefTensor; y: RefTensor }[];
  for (const [k, batch] of batches.entries()) {
    const executor = runtime.executor(batch.x.shape[0]!, 0);
    runtime.backend.write(executor.x.tensor, batch.x.data);
    runtime.backend.write(executor.y.tensor, batch.y.data);
    executor.plan.forward();
    if (k === 0) assertClose(await runtime.backend.read(executor.output.tensor), ref.expected["y_pred_step0"].data, "y_pred_step0");
    assertClose(await runtime.backend.read(executor.loss.tensor), [ref.expected["loss_before_step"].data[k]], `loss_before_step[${k}]`);
    executor.plan.backward();
    optimizer.step(executor.grads);
    await afterStep(k);
  }
}
