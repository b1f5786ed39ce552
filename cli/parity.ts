// How `dl check --backends cpu,webgl FILE` prints the parity of every model of the file:
// one table per compared backend.
import { PARITY_TOLERANCE, type ParityReport } from "../interpreter/api.ts";

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
      ...rows.map(
        ([layer, value, abs, rel]) =>
          ` ${layer.padEnd(first)}${value.padEnd(second)}${number(abs).padStart(13)}${number(rel).padStart(14)}`,
      ),
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
