// v = rho*v + (1-rho)*g^2; w -= lr*g/sqrt(v + epsilon) (centered: sqrt(v - a^2 + epsilon), a = rho*a + (1-rho)*g).
// Keras: keras.optimizers.RMSprop.
import type { Tensor } from "../../interpreter/backends/backend.ts";
import { allocSlots, type OptimizerEntry } from "./update-rule.ts";

export const rmsprop: OptimizerEntry = {
  name: "rmsprop",
  keras: "keras.optimizers.RMSprop",
  defaults: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
  options: {
    rho: "decay of the moving average of squared gradients",
    momentum: "momentum applied to the scaled step (0 disables it)",
    epsilon: "added inside the square root for numerical stability",
    centered: "divide by the estimated variance (subtracting the squared mean gradient)",
  },
  kernels: ["rmsprop_update"],
  createRule(backend, params, hyper) {
    const rho = hyper.number("rho");
    const momentum = hyper.number("momentum");
    const epsilon = hyper.number("epsilon");
    const centered = hyper.boolean("centered");
    const velocity = allocSlots(backend, params);
    const slots: Record<string, Tensor[]> = { velocity };
    if (momentum > 0) slots.momentum = allocSlots(backend, params);
    if (centered) slots.average_gradient = allocSlots(backend, params);
    // Kernel layout: [param, velocity, momentum?, average_gradient?], grad second among inputs.
    const extra = [slots.momentum, slots.average_gradient].filter((s): s is Tensor[] => s !== undefined);
    return {
      slots,
      kernels: ["rmsprop_update"],
      apply(index, grad, lr) {
        const param = params[index]!;
        const state = [velocity[index]!, ...extra.map((s) => s[index]!)];
        backend.run("rmsprop_update", [param, grad, ...state], [param, ...state], {
          lr,
          rho,
          momentum,
          epsilon,
          centered,
        });
      },
    };
  },
};
