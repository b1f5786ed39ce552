// v = rho*v + (1-rho)*g^2; w -= lr*g/sqrt(v + epsilon) (centered: sqrt(v - a^2 + epsilon), a = rho*a + (1-rho)*g).
// Keras: keras.optimizers.RMSprop.
import type { Tensor } from "../../interpreter/backends/backend.ts";
import { bool, number } from "../values.ts";
import { commonOptions, learningRate } from "./options.ts";
import { allocSlots, type OptimizerSpec } from "./update-rule.ts";

export const rmsprop: OptimizerSpec = {
  name: "rmsprop",
  keras: "keras.optimizers.RMSprop",
  doc: "divides each step by a running root mean square of the gradients",
  args: [],
  options: [
    learningRate(0.001),
    { name: "rho", type: number, doc: "decay of the moving average of squared gradients", default: 0.9 },
    { name: "momentum", type: number, doc: "momentum applied to the scaled step (0 disables it)", default: 0 },
    { name: "epsilon", type: number, doc: "added inside the square root for numerical stability", default: 1e-7 },
    { name: "centered", type: bool, doc: "divide by the estimated variance (subtracting the squared mean gradient)", default: false },
    ...commonOptions,
  ],
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
