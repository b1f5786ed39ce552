// RMSprop update (Keras RMSprop), in place.
import type { CpuKernel } from "../kernel.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/**
 * v = rho*v + (1-rho)*g^2; step = lr*g/sqrt(v + epsilon) (epsilon inside the root, Keras);
 * centered: a = rho*a + (1-rho)*g and the root is sqrt(v - a^2 + epsilon);
 * momentum > 0: s = momentum*s + step, w -= s; otherwise w -= step.
 * Inputs [param, grad, velocity, momentum?, average_grad?] (the optional slots present when
 * attrs.momentum > 0 and attrs.centered); outputs the same list without grad.
 */
export const rmspropUpdate: CpuKernel = {
  run(inputs, outputs, attrs) {
    const lr = requiredNumberAttr(attrs, "lr");
    const rho = requiredNumberAttr(attrs, "rho");
    const epsilon = requiredNumberAttr(attrs, "epsilon");
    const momentum = requiredNumberAttr(attrs, "momentum");
    const centered = attrs.centered === true;
    const w = inputs[0]!.data;
    const g = inputs[1]!.data;
    const v = inputs[2]!.data;
    const wOut = outputs[0]!.data;
    const vOut = outputs[1]!.data;
    // Optional slots follow velocity, in the order momentum, average_grad (outputs lack grad).
    const momentumAt = momentum > 0 ? 3 : undefined;
    const averageAt = centered ? (momentumAt ?? 2) + 1 : undefined;
    const s = momentumAt === undefined ? undefined : inputs[momentumAt]!.data;
    const sOut = momentumAt === undefined ? undefined : outputs[momentumAt - 1]!.data;
    const a = averageAt === undefined ? undefined : inputs[averageAt]!.data;
    const aOut = averageAt === undefined ? undefined : outputs[averageAt - 1]!.data;
    for (let i = 0; i < wOut.length; i++) {
      const gi = g[i]!;
      const vi = rho * v[i]! + (1 - rho) * gi * gi;
      vOut[i] = vi;
      let denominator = vi + epsilon;
      if (a && aOut) {
        const ai = rho * a[i]! + (1 - rho) * gi;
        aOut[i] = ai;
        denominator -= ai * ai;
      }
      const step = (lr * gi) / Math.sqrt(denominator);
      if (s && sOut) {
        const si = momentum * s[i]! + step;
        sOut[i] = si;
        wOut[i] = w[i]! - si;
      } else {
        wOut[i] = w[i]! - step;
      }
    }
  },
};
