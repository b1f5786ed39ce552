// Optimizer updates, in place: outputs may be the very tensors passed as inputs. Each output
// is its own program run, all reading the old textures before any is replaced
// (cpu/kernels/optimizer-*.ts has the formulas). Hyper-parameters are float uniforms, so a
// changing learning rate or step count never recompiles; Adam's bias corrections are
// computed here in float64, as the CPU does.
import { requiredNumberAttr } from "../../shared/attrs.ts";
import type { GpuTexture, Programs, ProgramSource, WebglKernel, WebglTensor, ProgramThis } from "../program.ts";

/** Launches `source` once per output (constant `which` = its index; gpu.js reserves the name `output`), then assigns them all. */
function updateAll(
  programs: Programs,
  name: string,
  source: ProgramSource,
  outputs: readonly WebglTensor[],
  args: readonly (WebglTensor | number)[],
  constants: Record<string, number> = {},
): void {
  const textures: GpuTexture[] = outputs.map((out, output) =>
    programs.launch({ name, source, size: out.size, constants: { ...constants, which: output } }, args),
  );
  outputs.forEach((out, index) => programs.assign(out, textures[index]!));
}

function sgdSource(this: ProgramThis, w: number[], g: number[], lr: number): number {
  const i = this.thread.x;
  return w[i]! - lr * g[i]!;
}

function sgdMomentumSource(
  this: ProgramThis<"nesterov" | "which">,
  w: number[],
  g: number[],
  v: number[],
  lr: number,
  momentum: number,
): number {
  const i = this.thread.x;
  const step = lr * g[i]!;
  const nextV = momentum * v[i]! - step;
  if (this.constants.which === 1) return nextV;
  if (this.constants.nesterov === 1) return w[i]! + (momentum * nextV - step);
  return w[i]! + nextV;
}

function adamSource(
  this: ProgramThis<"which">,
  w: number[],
  g: number[],
  m: number[],
  v: number[],
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  correction1: number,
  correction2: number,
): number {
  const i = this.thread.x;
  const gi = g[i]!;
  const mi = beta1 * m[i]! + (1 - beta1) * gi;
  const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
  if (this.constants.which === 1) return mi;
  if (this.constants.which === 2) return vi;
  return w[i]! - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
}

/** Outputs in order: param, velocity, then momentum and average_grad when present (constant slots give their output index, 0 when absent). */
function rmspropSource(
  this: ProgramThis<"averageAt" | "momentumAt" | "which">,
  w: number[],
  g: number[],
  v: number[],
  s: number[],
  a: number[],
  lr: number,
  rho: number,
  epsilon: number,
  momentum: number,
): number {
  const i = this.thread.x;
  const gi = g[i]!;
  const vi = rho * v[i]! + (1 - rho) * gi * gi;
  if (this.constants.which === 1) return vi;
  let denominator = vi + epsilon;
  if (this.constants.averageAt > 0) {
    const ai = rho * a[i]! + (1 - rho) * gi;
    if (this.constants.which === this.constants.averageAt) return ai;
    denominator -= ai * ai;
  }
  const step = (lr * gi) / Math.sqrt(denominator);
  if (this.constants.momentumAt > 0) {
    const si = momentum * s[i]! + step;
    if (this.constants.which === this.constants.momentumAt) return si;
    return w[i]! - si;
  }
  return w[i]! - step;
}

function adagradSource(this: ProgramThis<"which">, w: number[], g: number[], acc: number[], lr: number, epsilon: number): number {
  const i = this.thread.x;
  const gi = g[i]!;
  const ai = acc[i]! + gi * gi;
  if (this.constants.which === 1) return ai;
  return w[i]! - (lr * gi) / Math.sqrt(ai + epsilon);
}

function weightDecaySource(this: ProgramThis, w: number[], factor: number): number {
  return w[this.thread.x]! * factor;
}

export const sgdUpdate: WebglKernel = {
  run(programs, [w, g], outputs, attrs) {
    updateAll(programs, "sgd_update", sgdSource, outputs, [w!, g!, requiredNumberAttr(attrs, "lr")]);
  },
};

export const sgdMomentumUpdate: WebglKernel = {
  run(programs, [w, g, v], outputs, attrs) {
    const args = [w!, g!, v!, requiredNumberAttr(attrs, "lr"), requiredNumberAttr(attrs, "momentum")];
    updateAll(programs, "sgd_momentum_update", sgdMomentumSource, outputs, args, { nesterov: attrs.nesterov === true ? 1 : 0 });
  },
};

export const adamUpdate: WebglKernel = {
  run(programs, [w, g, m, v], outputs, attrs) {
    const beta1 = requiredNumberAttr(attrs, "beta1");
    const beta2 = requiredNumberAttr(attrs, "beta2");
    const t = requiredNumberAttr(attrs, "t");
    const args = [
      w!,
      g!,
      m!,
      v!,
      requiredNumberAttr(attrs, "lr"),
      beta1,
      beta2,
      requiredNumberAttr(attrs, "epsilon"),
      1 - Math.pow(beta1, t),
      1 - Math.pow(beta2, t),
    ];
    updateAll(programs, "adam_update", adamSource, outputs, args);
  },
};

export const rmspropUpdate: WebglKernel = {
  run(programs, inputs, outputs, attrs) {
    const momentum = requiredNumberAttr(attrs, "momentum");
    // Optional slots follow velocity: momentum, then average_grad (outputs lack grad).
    const momentumAt = momentum > 0 ? 3 : 0;
    const averageAt = attrs.centered === true ? (momentumAt || 2) + 1 : 0;
    const [w, g, v] = inputs;
    const s = momentumAt > 0 ? inputs[momentumAt]! : v!;
    const a = averageAt > 0 ? inputs[averageAt]! : v!;
    const args = [
      w!,
      g!,
      v!,
      s,
      a,
      requiredNumberAttr(attrs, "lr"),
      requiredNumberAttr(attrs, "rho"),
      requiredNumberAttr(attrs, "epsilon"),
      momentum,
    ];
    const constants = { momentumAt: momentumAt > 0 ? momentumAt - 1 : 0, averageAt: averageAt > 0 ? averageAt - 1 : 0 };
    updateAll(programs, "rmsprop_update", rmspropSource, outputs, args, constants);
  },
};

export const adagradUpdate: WebglKernel = {
  run(programs, [w, g, acc], outputs, attrs) {
    updateAll(programs, "adagrad_update", adagradSource, outputs, [
      w!,
      g!,
      acc!,
      requiredNumberAttr(attrs, "lr"),
      requiredNumberAttr(attrs, "epsilon"),
    ]);
  },
};

export const weightDecayUpdate: WebglKernel = {
  run(programs, [w], outputs, attrs) {
    const factor = 1 - requiredNumberAttr(attrs, "weight_decay") * requiredNumberAttr(attrs, "lr");
    updateAll(programs, "weight_decay_update", weightDecaySource, outputs, [w!, factor]);
  },
};
