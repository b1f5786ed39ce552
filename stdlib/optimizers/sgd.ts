// w -= lr*g; momentum: v = momentum*v - lr*g, w += v; nesterov: w += momentum*v - lr*g.
// Keras: keras.optimizers.SGD.
import { bool, number } from "../values.ts";
import { commonOptions, learningRate } from "./options.ts";
import { allocSlots, type OptimizerSpec, type UpdateRule } from "./update-rule.ts";

export const sgd: OptimizerSpec = {
  name: "sgd",
  keras: "keras.optimizers.SGD",
  doc: "stochastic gradient descent, with optional (Nesterov) momentum",
  args: [],
  options: [
    learningRate(0.01),
    { name: "momentum", type: number, doc: "velocity decay in [0, 1); 0 is plain gradient descent", default: 0 },
    { name: "nesterov", type: bool, doc: "Nesterov momentum", default: false },
    ...commonOptions,
  ],
  kernels: ["sgd_update", "sgd_momentum_update"],
  createRule(backend, params, hyper): UpdateRule {
    const momentum = hyper.number("momentum");
    const nesterov = hyper.boolean("nesterov");
    if (momentum < 0 || momentum >= 1) throw new Error("sgd: momentum must be in [0, 1)");
    if (momentum === 0) {
      return {
        slots: {},
        kernels: ["sgd_update"],
        apply(index, grad, lr) {
          const param = params[index]!;
          backend.run("sgd_update", [param, grad], [param], { lr });
        },
      };
    }
    const velocity = allocSlots(backend, params);
    return {
      slots: { momentum: velocity },
      kernels: ["sgd_momentum_update"],
      apply(index, grad, lr) {
        const param = params[index]!;
        const v = velocity[index]!;
        backend.run("sgd_momentum_update", [param, grad, v], [param, v], { lr, momentum, nesterov });
      },
    };
  },
};
