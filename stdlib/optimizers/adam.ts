// m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + epsilon).
// Keras: keras.optimizers.Adam (epsilon placed after bias correction, see the conformance README).
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import type { ArgSpec } from "../spec.ts";
import { bool, number } from "../values.ts";
import { commonOptions, learningRate, type Hyper } from "./options.ts";
import { allocSlots, type OptimizerSpec, type UpdateRule } from "./update-rule.ts";

/** Adam's own options, shared with AdamW. */
export const adamOptions: readonly ArgSpec[] = [
  learningRate(0.001),
  { name: "beta_1", type: number, doc: "decay of the first-moment (mean) estimate", default: 0.9 },
  { name: "beta_2", type: number, doc: "decay of the second-moment (uncentered variance) estimate", default: 0.999 },
  { name: "epsilon", type: number, doc: "added to the bias-corrected sqrt(v) for numerical stability", default: 1e-7 },
  { name: "amsgrad", type: bool, doc: "AMSGrad variant (not implemented; must be false)", default: false },
];

/** The Adam update, shared with AdamW (whose decay is the common weight_decay option). */
export function createAdamRule(backend: Backend, params: readonly Tensor[], hyper: Hyper): UpdateRule {
  if (hyper.boolean("amsgrad")) throw new Error(`${hyper.optimizer}: amsgrad is not implemented`);
  const beta1 = hyper.number("beta_1");
  const beta2 = hyper.number("beta_2");
  const epsilon = hyper.number("epsilon");
  const m = allocSlots(backend, params);
  const v = allocSlots(backend, params);
  return {
    slots: { m, v },
    kernels: ["adam_update"],
    apply(index, grad, lr, t) {
      const param = params[index]!;
      const mi = m[index]!;
      const vi = v[index]!;
      backend.run("adam_update", [param, grad, mi, vi], [param, mi, vi], { lr, beta1, beta2, epsilon, t });
    },
  };
}

export const adam: OptimizerSpec = {
  name: "adam",
  keras: "keras.optimizers.Adam",
  doc: "adaptive moments: bias-corrected running means of the gradient and its square",
  args: [],
  options: [...adamOptions, ...commonOptions],
  kernels: ["adam_update"],
  createRule: createAdamRule,
};
