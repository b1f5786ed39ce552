// Backend parity for a whole program (`dl check --backends cpu,webgl FILE`): every model is
// compared across the backends as its first `train` would run it (backend-parity.ts).
import type { Backend } from "../backends/backend.ts";
import type { CheckedProgram } from "../check/checked.ts";
import { compareBackends, defaultLoss, type ParityReport, type ParitySetup } from "./backend-parity.ts";

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
