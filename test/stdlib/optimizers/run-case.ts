// Replays an optimizer conformance case on the CPU backend and checks every expected value:
// parameters after each step, the learning rate of each step, slots after the last step and,
// for clipping cases, the clipped gradients.
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { optionsFrom } from "../../helpers/optimizer-options.ts";
import { assertClose, loadCase, type RefTensor } from "../../helpers/conformance.ts";

type Named = Record<string, RefTensor>;

export async function runOptimizerCase(name: string): Promise<void> {
  const ref = loadCase(name);
  const backend = new CpuBackend();
  const names = Object.keys(ref.params);
  const params = names.map((n) => tensorFrom(backend, ref.params[n]!));
  const grads = names.map((n) => backend.alloc(ref.params[n]!.shape));
  const opt = createOptimizer(backend, ref.op, optionsFrom(ref.config), params);
  const steps = ref.inputs.grads as Named[];
  const expected = ref.expected;
  const rates: number[] = [];

  for (const [k, stepGrads] of steps.entries()) {
    names.forEach((n, i) => backend.write(grads[i]!, stepGrads[n]!.data));
    rates.push(opt.currentLearningRate());
    opt.step(grads);
    const after = (expected.params_after_step as Named[])[k]!;
    for (const [i, n] of names.entries()) {
      assertClose(await backend.read(params[i]!), after[n]!.data, `${name} step ${k + 1} ${n}`);
    }
    if (expected.clipped_grads) {
      const clipped = (expected.clipped_grads as Named[])[k]!;
      for (const [i, n] of names.entries()) {
        assertClose(await backend.read(grads[i]!), clipped[n]!.data, `${name} step ${k + 1} clipped ${n}`);
      }
    }
  }
  assertClose(rates, (expected.learning_rate_per_step as RefTensor).data, `${name} learning rates`);

  const state = (expected.state_after_last_step ?? {}) as Record<string, Named>;
  for (const [slot, perParam] of Object.entries(state)) {
    const tensors = opt.slots[slot];
    if (!tensors) throw new Error(`${name}: optimizer has no slot "${slot}"`);
    for (const [i, n] of names.entries()) {
      assertClose(await backend.read(tensors[i]!), perParam[n]!.data, `${name} slot ${slot} ${n}`);
    }
  }
}

function tensorFrom(backend: CpuBackend, ref: RefTensor) {
  const t = backend.alloc(ref.shape);
  backend.write(t, ref.data);
  return t;
}
