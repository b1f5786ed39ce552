// An optimizer case: the reference's gradients fed step by step into the real optimizer on the
// backend; parameters after every step, clipped gradients, learning rates and the slots after
// the last step.
import type { Backend } from "../../../../interpreter/backends/backend.ts";
import { createOptimizer } from "../../../../stdlib/optimizers/index.ts";
import { optionsFrom } from "../../../helpers/optimizer-options.ts";
import type { RefCase, RefTensor } from "../../../helpers/conformance.ts";
import { CaseValues } from "./case-values.ts";

type Named = Record<string, RefTensor>;

export async function runOptimizerCase(ref: RefCase, backend: Backend): Promise<CaseValues> {
  const names = Object.keys(ref.params);
  const params = names.map((name) => {
    const tensor = backend.alloc(ref.params[name]!.shape);
    backend.write(tensor, ref.params[name]!.data);
    return tensor;
  });
  const grads = names.map((name) => backend.alloc(ref.params[name]!.shape));
  const optimizer = createOptimizer(backend, ref.op, optionsFrom(ref.config), params);
  const values = new CaseValues();
  const rates: number[] = [];
  for (const [k, stepGrads] of (ref.inputs["grads"] as Named[]).entries()) {
    names.forEach((name, i) => backend.write(grads[i]!, stepGrads[name]!.data));
    rates.push(optimizer.currentLearningRate());
    optimizer.step(grads);
    for (const [i, name] of names.entries()) {
      values.add(`step ${k + 1} ${name}`, await backend.read(params[i]!), (ref.expected["params_after_step"] as Named[])[k]![name]!.data);
      const clipped = ref.expected["clipped_grads"] as Named[] | undefined;
      if (clipped) values.add(`step ${k + 1} clipped ${name}`, await backend.read(grads[i]!), clipped[k]![name]!.data);
    }
  }
  values.add("learning rates", rates, (ref.expected["learning_rate_per_step"] as RefTensor).data);
  for (const [slot, perParam] of Object.entries((ref.expected["state_after_last_step"] ?? {}) as Record<string, Named>)) {
    const tensors = optimizer.slots[slot];
    if (!tensors) throw new Error(`${ref.name}: optimizer has no slot "${slot}"`);
    for (const [i, name] of names.entries()) values.add(`slot ${slot} ${name}`, await backend.read(tensors[i]!), perParam[name]!.data);
  }
  return values;
}
