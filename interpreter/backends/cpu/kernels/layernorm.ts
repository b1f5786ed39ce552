// y = gamma*xhat + beta with xhat = (x-mean)*invStd per row over the last axis (biased variance,
// invStd = 1/sqrt(variance+epsilon)); layernorm_grad, with g = dy*gamma and means over the row:
//   dx = invStd*(g - mean(g) - xhat*mean(g*xhat))
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim, numberAttr } from "../../shared/attrs.ts";

export const layernormKernel: CpuKernel = {
  run([x, gamma, beta], [y, xhat, invStd], attrs) {
    const epsilon = numberAttr(attrs, "epsilon", 1e-3);
    const xs = x!.data;
    const n = lastDim(x!.shape);
    if (gamma!.data.length !== n || beta!.data.length !== n || invStd!.data.length * n !== xs.length) {
      throw new Error(`layernorm: [${x!.shape}] needs gamma and beta of shape [${n}] and one invStd per row`);
    }
    for (let row = 0, start = 0; start < xs.length; row++, start += n) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += xs[start + j]!;
      const mean = sum / n;
      let squares = 0;
      for (let j = 0; j < n; j++) squares += (xs[start + j]! - mean) ** 2;
      const scale = 1 / Math.sqrt(squares / n + epsilon);
      invStd!.data[row] = scale;
      for (let j = 0; j < n; j++) {
        const normalized = (xs[start + j]! - mean) * scale;
        xhat!.data[start + j] = normalized;
        y!.data[start + j] = gamma!.data[j]! * normalized + beta!.data[j]!;
      }
    }
  },
};

export const layernormGradKernel: CpuKernel = {
  run([xhat, invStd, gamma, dy], [dx], attrs) {
    const xhats = xhat!.data;
    const dys = dy!.data;
    const dxs = dx!.data;
    const n = lastDim(xhat!.shape);
    const accumulate = boolAttr(attrs, "accumulate");
    for (let row = 0, start = 0; start < xhats.length; row++, start += n) {
      let sumG = 0;
      let sumGX = 0;
      for (let j = 0; j < n; j++) {
        const g = dys[start + j]! * gamma!.data[j]!;
        sumG += g;
        sumGX += g * xhats[start + j]!;
      }
      const scale = invStd!.data[row]!;
      for (let j = 0; j < n; j++) {
        const i = start + j;
        const value = scale * (dys[i]! * gamma!.data[j]! - sumG / n - (xhats[i]! * sumGX) / n);
        dxs[i] = accumulate ? dxs[i]! + value : value;
      }
    }
  },
};

export const layernormKernels = { layernorm: layernormKernel, layernorm_grad: layernormGradKernel };
