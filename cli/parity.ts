// `dl check --backends cpu,webgl FILE`: after the check, every model of the file is compared
// across the backends (interpreter/parity.ts) and printed as one table per compared backend.
import type { Backend } from "../interpreter/backends/backend.ts";
import type { CheckedProgram } from "../interpreter/check/checked.ts";
import { compareBackends, defaultLoss, PARITY_TOLERANCE, type ParityReport, type ParitySetup } from "../interpreter/parity.ts";

/** Examples in the random batch: enough to exercise the batch axis, small enough to be quick. */
const BATCH = 4;

/** The reports of every model, each with the loss and seed of the model's first `train` (else a default loss and seed 0). */
export async function parityReports(checked: CheckedProgram, backends: readonly Backend[]): Promise<ParityReport[]> {
  const reports: ParityReport[] = [];
  for (const model of checked.models.values()) {
    const train = checked.workflow.flatMap((step) => (step.type === "train" && step.train.model === model.name ? [step.train] : []))[0];
    const setup: ParitySetup = train
      ? { model, loss: train.loss, lossSpan: train.spans.loss, seed: train.seed, batch: BATCH }
      : { model, loss: defaultLoss(model), lossSpan: model.span, seed: 0, batch: BATCH };
    reports.push(await compareBackends(setup, backends));
  }
  return reports;
}

export function formatParity(report: ParityReport): string {
  const { setup } = report;
  const lines: string[] = [];
  for (const result of report.results) {
    const rows: [string, string, number, number][] = [];
    for (const layer of result.layers) {
      rows.push([layer.layer, "output", layer.output.maxAbs, layer.output.maxRel]);
      for (const g of layer.gradients) rows.push(["", `${g.weight} gradient`, g.difference.maxAbs, g.difference.maxRel]);
    }
    rows.push(["loss", "value", result.loss.maxAbs, result.loss.maxRel]);
    const first = Math.max(...rows.map((r) => r[0].length), "Layer".length) + 2;
    const second = Math.max(...rows.map((r) => r[1].length), "Value".length) + 2;
    const rule = "_".repeat(first + second + 28);
    lines.push(
      `Parity of "${report.model}": ${result.backend} against ${report.reference}, one forward and backward pass of ${setup.batch} random examples, seed ${setup.seed}, loss ${setup.loss.name}`,
      rule,
      ` ${"Layer".padEnd(first)}${"Value".padEnd(second)}${"Max abs diff".padStart(13)}${"Max rel diff".padStart(14)}`,
      "=".repeat(rule.length),
      ...rows.map(([layer, value, abs, rel]) => ` ${layer.padEnd(first)}${value.padEnd(second)}${number(abs).padStart(13)}${number(rel).padStart(14)}`),
      "=".repeat(rule.length),
      result.passed
        ? `OK: ${result.backend} matches ${report.reference} (largest relative difference ${number(result.worst.maxRel)}, tolerance ${PARITY_TOLERANCE.toExponential()})`
        : `MISMATCH: ${result.backend} differs from ${report.reference} by ${number(result.worst.maxRel)} (relative) in ${result.worst.value}, over the tolerance ${PARITY_TOLERANCE.toExponential()}`,
      "",
    );
  }
  return lines.join("\n");
}

function number(value: number): string {
  return value === 0 ? "0" : Number.isFinite(value) ? value.toExponential(2) : String(value);
}
