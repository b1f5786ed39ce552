// Activation kernels and their gradients `<name>_grad` [x, y, dy] -> dx = dy * f'(x), with
// `alpha` the slope / elu alpha and `accumulate` (cpu/kernels/activations.ts). One program
// for all of them: the activation is a constant, so the shader compiler keeps one branch.
// Written without GLSL's tanh/expm1 stand-ins, which overflow or cancel for large |x|.
import { boolAttr, numberAttr } from "../../shared/attrs.ts";
import { kernelPairs } from "../kernel-pairs.ts";
import type { ProgramThis } from "../program.ts";

const ACTIVATIONS = ["relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "softplus"] as const;

/** Overflow-free logistic function. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** tanh from exp(-2|x|), which never overflows. */
export function stableTanh(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  const t = (1 - e) / (1 + e);
  if (x < 0) return -t;
  return t;
}

/** erf by the Chebyshev fit of erfc the CPU uses (Numerical Recipes `erfcc`). */
function erfApprox(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(-z * z + poly);
  if (x >= 0) return 1 - erfc;
  return erfc - 1;
}

function activationSource(this: ProgramThis<"activation">, x: number[], alpha: number): number {
  const v = x[this.thread.x]!;
  const f = this.constants.activation;
  if (f === 0) return Math.max(v, 0);
  if (f === 1) return logistic(v);
  if (f === 2) return stableTanh(v);
  if (f === 3) {
    if (v > 0) return v;
    return alpha * v;
  }
  if (f === 4) {
    if (v > 0) return v;
    return alpha * (Math.exp(v) - 1);
  }
  if (f === 5) return 0.5 * v * (1 + erfApprox(v * 0.7071067811865476));
  if (f === 6) return 0.5 * v * (1 + stableTanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
  if (f === 7) return v * logistic(v);
  return Math.max(v, 0) + Math.log(1 + Math.exp(-Math.abs(v)));
}

function activationGradSource(
  this: ProgramThis<"accumulate" | "activation">,
  dx: number[],
  x: number[],
  y: number[],
  dy: number[],
  alpha: number,
): number {
  const i = this.thread.x;
  const v = x[i]!;
  const f = this.constants.activation;
  let d = 0;
  if (f === 0 && v > 0) d = 1;
  if (f === 1) d = y[i]! * (1 - y[i]!);
  if (f === 2) d = 1 - y[i]! * y[i]!;
  if (f === 3) {
    d = alpha;
    if (v > 0) d = 1;
  }
  if (f === 4) {
    d = alpha * Math.exp(v);
    if (v > 0) d = 1;
  }
  if (f === 5) d = 0.5 * (1 + erfApprox(v * 0.7071067811865476)) + v * Math.exp(-0.5 * v * v) * 0.3989422804014327;
  if (f === 6) {
    const t = stableTanh(0.7978845608028654 * (v + 0.044715 * v * v * v));
    d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * 0.7978845608028654 * (1 + 3 * 0.044715 * v * v);
  }
  if (f === 7) {
    const s = logistic(v);
    d = s * (1 + v * (1 - s));
  }
  if (f === 8) d = logistic(v);
  if (this.constants.accumulate === 1) return dx[i]! + dy[i]! * d;
  return dy[i]! * d;
}

const functions = [logistic, stableTanh, erfApprox];

export const activationKernels = kernelPairs(ACTIVATIONS, (_name, activation) => [
  {
    run(programs, [x], [y], attrs) {
      const spec = { name: "activation", source: activationSource, size: y!.size, constants: { activation }, functions };
      programs.assign(y!, programs.launch(spec, [x!, numberAttr(attrs, "alpha", 0)]));
    },
  },
  {
    run(programs, [x, y, dy], [dx], attrs) {
      const constants = { activation, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      const spec = { name: "activation_grad", source: activationGradSource, size: dx!.size, constants, functions };
      programs.assign(dx!, programs.launch(spec, [dx!, x!, y!, dy!, numberAttr(attrs, "alpha", 0)]));
    },
  },
]);
