// out_h = softmax(Q_h K_h^T / sqrt(d) [+ causal mask]) V_h per head h. Keras: MultiHeadAttention's core.
// q, k, v, out are [batch, time, heads*d] (head h owns columns h*d … h*d+d-1); the forward
// kernel saves the probabilities P [batch, heads, time, time] (0 where masked). Backward, per
// row t: dP = dO V^T, dS = P * (dP - sum(dP * P)), dQ = dS K / sqrt(d), dK += dS^T Q / sqrt(d),
// dV += P^T dO. The causal mask lets step t see steps s <= t only.
import type { KernelAttrs } from "../../backend.ts";
import type { CpuArray, CpuKernel } from "../kernel.ts";
import { boolAttr, numberAttr } from "../../shared/attrs.ts";

interface Dims {
  readonly batch: number;
  readonly time: number;
  readonly heads: number;
  readonly d: number;
  readonly width: number;
  readonly scale: number;
  readonly causal: boolean;
}

function dims(name: string, q: CpuArray, probs: CpuArray, attrs: KernelAttrs): Dims {
  const [batch, time, width] = q.shape as [number, number, number];
  const heads = numberAttr(attrs, "heads", 1);
  const d = width / heads;
  if (q.shape.length !== 3 || !Number.isInteger(d) || probs.data.length !== batch * heads * time * time) {
    throw new Error(`${name}: [${q.shape}] with ${heads} heads does not fit probabilities [${probs.shape}]`);
  }
  return { batch, time, heads, d, width, scale: 1 / Math.sqrt(d), causal: boolAttr(attrs, "causal") };
}

export const attentionKernel: CpuKernel = {
  run([q, k, v], [out, probs], attrs) {
    const { batch, time, heads, d, width, scale, causal } = dims("attention", q!, probs!, attrs);
    const Q = q!.data;
    const K = k!.data;
    const V = v!.data;
    const O = out!.data;
    const P = probs!.data;
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        for (let t = 0; t < time; t++) {
          const row = ((b * heads + h) * time + t) * time;
          const qt = (b * time + t) * width + h * d;
          const seen = causal ? t + 1 : time;
          let max = -Infinity;
          for (let s = 0; s < seen; s++) {
            const ks = (b * time + s) * width + h * d;
            let dot = 0;
            for (let j = 0; j < d; j++) dot += Q[qt + j]! * K[ks + j]!;
            P[row + s] = dot * scale;
            max = Math.max(max, dot * scale);
          }
          let sum = 0;
          for (let s = 0; s < seen; s++) {
            const e = Math.exp(P[row + s]! - max);
            P[row + s] = e;
            sum += e;
          }
          for (let s = 0; s < seen; s++) P[row + s] = P[row + s]! / sum;
          P.fill(0, row + seen, row + time);
          for (let j = 0; j < d; j++) O[qt + j] = 0;
          for (let s = 0; s < seen; s++) {
            const p = P[row + s]!;
            const vs = (b * time + s) * width + h * d;
            for (let j = 0; j < d; j++) O[qt + j] = O[qt + j]! + p * V[vs + j]!;
          }
        }
      }
    }
  },
};

/** Inputs [probs, q, k, v, dOut]; outputs [dq, dk, dv, work] with work [time] (one row of dS). */
export const attentionGradKernel: CpuKernel = {
  run([probs, q, k, v, dy], [dq, dk, dv, work], attrs) {
    const { batch, time, heads, d, width, scale, causal } = dims("attention_grad", q!, probs!, attrs);
    const P = probs!.data;
    const Q = q!.data;
    const K = k!.data;
    const V = v!.data;
    const dO = dy!.data;
    const dQ = dq!.data;
    const dK = dk!.data;
    const dV = dv!.data;
    const dS = work!.data;
    dK.fill(0);
    dV.fill(0);
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        for (let t = 0; t < time; t++) {
          const row = ((b * heads + h) * time + t) * time;
          const at = (b * time + t) * width + h * d;
          const seen = causal ? t + 1 : time;
          let total = 0;
          for (let s = 0; s < seen; s++) {
            const vs = (b * time + s) * width + h * d;
            let dp = 0;
            for (let j = 0; j < d; j++) dp += dO[at + j]! * V[vs + j]!;
            dS[s] = dp;
            total += dp * P[row + s]!;
          }
          for (let j = 0; j < d; j++) dQ[at + j] = 0;
          for (let s = 0; s < seen; s++) {
            const p = P[row + s]!;
            const ds = p * (dS[s]! - total) * scale;
            const ks = (b * time + s) * width + h * d;
            for (let j = 0; j < d; j++) {
              dQ[at + j] = dQ[at + j]! + ds * K[ks + j]!;
              dK[ks + j] = dK[ks + j]! + ds * Q[at + j]!;
              dV[ks + j] = dV[ks + j]! + p * dO[at + j]!;
            }
          }
        }
      }
    }
  },
};

export const attentionKernels = { attention: attentionKernel, attention_grad: attentionGradKernel };
