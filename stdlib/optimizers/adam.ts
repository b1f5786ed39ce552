// m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + epsilon).
// Keras: keras.optimizers.Adam (epsilon placed after bias correction, see the conformance README).
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import type { Hyper } from "./options.ts";
import { allocSlots, type OptimizerEntry, type UpdateRule } from "./update-rule.ts";

export const adamOptions: Readonly<Record<string, string>> = {
  beta_1: "decay of the first-moment (mean) estimate",
  beta_2: "decay of the second-moment (uncentered variance) estimate",
  epsilon: "added to the bias-corrected sqrt(v) for numerical stability",
  amsgrad: "AMSGrad variant (not implemented; must be false)",
};

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

export const adam: OptimizerEntry = {
  name: "adam",
  keras: "keras.optimizers.Adam",
  defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
  options: adamOptions,
  kernels: ["adam_update"],
  createRule: createAdamRule,
};
