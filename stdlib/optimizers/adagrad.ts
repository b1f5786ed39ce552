// acc += g^2; w -= lr*g/sqrt(acc + epsilon), acc starting at initial_accumulator_value.
// Keras: keras.optimizers.Adagrad.
import { allocSlots, type OptimizerEntry } from "./update-rule.ts";

export const adagrad: OptimizerEntry = {
  name: "adagrad",
  keras: "keras.optimizers.Adagrad",
  defaults: { learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 },
  options: {
    initial_accumulator_value: "starting value of the per-element sum of squared gradients",
    epsilon: "added inside the square root for numerical stability",
  },
  kernels: ["adagrad_update"],
  createRule(backend, params, hyper) {
    const epsilon = hyper.number("epsilon");
    const accumulator = allocSlots(backend, params, hyper.number("initial_accumulator_value"));
    return {
      slots: { accumulator },
      kernels: ["adagrad_update"],
      apply(index, grad, lr) {
        const param = params[index]!;
        const acc = accumulator[index]!;
        backend.run("adagrad_update", [param, grad, acc], [param, acc], { lr, epsilon });
      },
    };
  },
};
