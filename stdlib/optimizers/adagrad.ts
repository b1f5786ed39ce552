// acc += g^2; w -= lr*g/sqrt(acc + epsilon), acc starting at initial_accumulator_value.
// Keras: keras.optimizers.Adagrad.
import { number } from "../values.ts";
import { commonOptions, learningRate } from "./options.ts";
import { allocSlots, type OptimizerSpec } from "./update-rule.ts";

export const adagrad: OptimizerSpec = {
  name: "adagrad",
  keras: "keras.optimizers.Adagrad",
  doc: "per-element step sizes from the sum of all past squared gradients",
  args: [],
  options: [
    learningRate(0.001),
    { name: "initial_accumulator_value", type: number, doc: "starting value of the per-element sum of squared gradients", default: 0.1 },
    { name: "epsilon", type: number, doc: "added inside the square root for numerical stability", default: 1e-7 },
    ...commonOptions,
  ],
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
