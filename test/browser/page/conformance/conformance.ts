// Every reference case of test/conformance, on cpu and on webgl in the page: each backend
// against the reference values (the tolerance the CPU tests use), and webgl against cpu.
// A case whose kernels webgl lacks runs on cpu only and says which kernels were missing.
import type { Backend } from "../../../../interpreter/backends/backend.ts";
import { compareValues } from "../../../../interpreter/backends/compare.ts";
import type { RefCase } from "../../../helpers/conformance.ts";
import { pageBackend } from "../backends.ts";
import type { ConformanceRow, Tolerance } from "../protocol.ts";
import type { CaseValues } from "./case-values.ts";
import { RecordingBackend } from "./recording-backend.ts";
import { runLayerCase } from "./run-layer-case.ts";
import { runLossCase } from "./run-loss-case.ts";
import { runModelCase } from "./run-model-case.ts";
import { runOptimizerCase } from "./run-optimizer-case.ts";

const runners: Record<RefCase["kind"], (ref: RefCase, backend: Backend) => Promise<CaseValues>> = {
  activation: runLayerCase,
  layer: runLayerCase,
  loss: runLossCase,
  optimizer: runOptimizerCase,
  model: runModelCase,
};

export async function conformance(tolerance: Tolerance): Promise<ConformanceRow[]> {
  const index = (await fetchJson("/conformance/index.json")) as { cases: { file: string }[] };
  const cpu = await pageBackend("cpu");
  const webgl = await pageBackend("webgl");
  const rows: ConformanceRow[] = [];
  for (const { file } of index.cases) {
    const ref = (await fetchJson(`/conformance/${file}`)) as RefCase;
    const run = runners[ref.kind];
    const recording = new RecordingBackend(cpu);
    const onCpu = await run(ref, recording);
    const missingOnWebgl = [...recording.used].filter((kernel) => !webgl.kernels.has(kernel)).sort();
    const row: ConformanceRow = {
      name: ref.name,
      kind: ref.kind,
      missingOnWebgl,
      values: onCpu.got.size,
      cpuVsReference: firstMiss(onCpu, tolerance),
      webglVsReference: null,
    };
    if (missingOnWebgl.length === 0) {
      try {
        const onWebgl = await run(ref, webgl);
        row.webglVsReference = firstMiss(onWebgl, tolerance);
        row.webglVsCpu = furthest(onWebgl, onCpu);
      } catch (error) {
        row.webglError = String(error);
      }
    }
    rows.push(row);
  }
  return rows;
}

async function fetchJson(path: string): Promise<unknown> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

/** The first element outside |got - expected| <= atol + rtol * |expected|, as a readable line. */
function firstMiss(values: CaseValues, { atol, rtol }: Tolerance): string | null {
  for (const [what, got] of values.got) {
    const expected = values.expected.get(what)!;
    if (got.length !== expected.length) return `${what}: ${got.length} values, expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const allowed = atol + rtol * Math.abs(expected[i]!);
      if (!(Math.abs(got[i]! - expected[i]!) <= allowed))
        return `${what}[${i}]: got ${got[i]}, expected ${expected[i]} (allowed ±${allowed.toExponential(2)})`;
    }
  }
  return null;
}

function furthest(candidate: CaseValues, reference: CaseValues): { what: string; maxAbs: number; maxRel: number } {
  let worst = { what: "", maxAbs: 0, maxRel: -1 };
  for (const [what, values] of reference.got) {
    const difference = compareValues(candidate.got.get(what)!, values);
    if (difference.maxRel > worst.maxRel) worst = { what, ...difference };
  }
  return worst;
}
