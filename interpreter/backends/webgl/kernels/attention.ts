// Multi-head attention's core, out_h = softmax(Q_h K_h^T / sqrt(d) [+ causal mask]) V_h, and its
// gradient (cpu/kernels/attention.ts has the layout and formulas):
//   attention      [q, k, v] -> [out, probs]              probs [batch, heads, time, time], 0 where masked
//   attention_grad [probs, q, k, v, dOut] -> [dq, dk, dv, work]
// with dP = dO V^T, dS = P * (dP - sum(dP * P)) / sqrt(d), dQ = dS K, dK = dS^T Q, dV = P^T dO;
// `work` [time] ends as the CPU leaves it, the last row's dP. Scores, dP and dS are scratch
// [batch, heads, time, time] textures; masked scores are -1e30, so their exponentials are 0.
import type { KernelAttrs } from "../../backend.ts";
import { boolAttr, numberAttr } from "../../shared/attrs.ts";
import { quotient } from "../quotient.ts";
import { launchScratch, type Programs, type ProgramThis, type WebglKernel, type WebglTensor } from "../program.ts";
import { release, rowMax, rowSum, ROW_TERM } from "./rows.ts";

type Dims = "causal" | "d" | "heads" | "time" | "width";

/** The batch size, and the other sizes as program constants. */
function dims(name: string, q: WebglTensor, probs: WebglTensor, attrs: KernelAttrs): [number, Record<Dims, number>] {
  const [batch, time, width] = q.shape as [number, number, number];
  const heads = numberAttr(attrs, "heads", 1);
  const d = width / heads;
  if (q.shape.length !== 3 || !Number.isInteger(d) || probs.size !== batch * heads * time * time) {
    throw new Error(`${name}: [${q.shape}] with ${heads} heads does not fit probabilities [${probs.shape}]`);
  }
  return [batch, { time, heads, d, width, causal: boolAttr(attrs, "causal") ? 1 : 0 }];
}

/**
 * Over [batch, heads, time, time] (query step t, key step s): `which` 0, the scaled score
 * q_t . k_s / sqrt(d) (-1e30 where masked); 1, dP = dO_t . v_s (0 where masked).
 */
function pairSource(this: ProgramThis<Dims | "which">, a: number[], b: number[], scale: number): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.time);
  const s = index - row * this.constants.time;
  const bh = quotient(row, this.constants.time);
  const t = row - bh * this.constants.time;
  const batch = quotient(bh, this.constants.heads);
  const h = bh - batch * this.constants.heads;
  if (this.constants.causal === 1 && s > t) {
    if (this.constants.which === 0) return -1e30;
    return 0;
  }
  const at = (batch * this.constants.time + t) * this.constants.width + h * this.constants.d;
  const bt = (batch * this.constants.time + s) * this.constants.width + h * this.constants.d;
  let dot = 0;
  for (let j = 0; j < this.constants.d; j++) dot += a[at + j]! * b[bt + j]!;
  return dot * scale;
}

/** P = exp(score - max) / sum over its row (`which` 0), or dS = P * (dP - total) * scale, 0 where masked (1). */
function rowwiseSource(
  this: ProgramThis<"causal" | "time" | "which">,
  first: number[],
  second: number[],
  rowA: number[],
  rowB: number[],
  scale: number,
): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.time);
  if (this.constants.which === 0) return Math.exp(first[index]! - rowA[row]!) / rowB[row]!;
  const s = index - row * this.constants.time;
  const t = row - quotient(row, this.constants.time) * this.constants.time;
  if (this.constants.causal === 1 && s > t) return 0;
  return first[index]! * (second[index]! - rowA[row]!) * scale;
}

/**
 * Over [batch, time, heads*d] at step u, column c of head h: `which` 0, sum_s w[b,h,u,s] * m[b,s,c]
 * (out = P V, dQ = dS K); 1, sum_t w[b,h,t,u] * m[b,t,c] (dK = dS^T Q, dV = P^T dO).
 */
function mixSource(this: ProgramThis<Dims | "which">, w: number[], m: number[]): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.width);
  const c = index - row * this.constants.width;
  const batch = quotient(row, this.constants.time);
  const u = row - batch * this.constants.time;
  const h = quotient(c, this.constants.d);
  const head = (batch * this.constants.heads + h) * this.constants.time;
  let total = 0;
  for (let s = 0; s < this.constants.time; s++) {
    // Query step u and key step s (which 0), or query s and key u (1); masked pairs add nothing.
    let weight = w[(head + s) * this.constants.time + u]!;
    let visible = this.constants.causal === 0 || u <= s;
    if (this.constants.which === 0) {
      weight = w[(head + u) * this.constants.time + s]!;
      visible = this.constants.causal === 0 || s <= u;
    }
    if (visible) total += weight * m[(batch * this.constants.time + s) * this.constants.width + c]!;
  }
  return total;
}

/** work[s] = dP of the last (batch, head, step) row. */
function lastRowSource(this: ProgramThis<"start">, dp: number[]): number {
  return dp[this.constants.start + this.thread.x]!;
}

function pairs(
  programs: Programs,
  constants: Record<Dims, number>,
  which: number,
  size: number,
  a: WebglTensor,
  b: WebglTensor,
  scale: number,
): WebglTensor {
  return launchScratch(programs, { name: "attention_pairs", source: pairSource, size, constants: { ...constants, which } }, [a, b, scale]);
}

function mix(programs: Programs, constants: Record<Dims, number>, which: number, out: WebglTensor, w: WebglTensor, m: WebglTensor) {
  return programs.launch({ name: "attention_mix", source: mixSource, size: out.size, constants: { ...constants, which } }, [w, m]);
}

export const attentionKernels: Record<"attention" | "attention_grad", WebglKernel> = {
  attention: {
    run(programs, [q, k, v], [out, probs], attrs) {
      const [, constants] = dims("attention", q!, probs!, attrs);
      const time = constants.time;
      const scores = pairs(programs, constants, 0, probs!.size, q!, k!, 1 / Math.sqrt(constants.d));
      const max = rowMax(programs, scores, time);
      const sum = rowSum(programs, ROW_TERM.expShifted, time, scores, scores, max);
      programs.assign(
        probs!,
        programs.launch(
          { name: "attention_rowwise", source: rowwiseSource, size: probs!.size, constants: { causal: constants.causal, time, which: 0 } },
          [scores, scores, max, sum, 0],
        ),
      );
      release(scores, max, sum);
      programs.assign(out!, mix(programs, constants, 0, out!, probs!, v!));
    },
  },
  attention_grad: {
    run(programs, [probs, q, k, v, dy], [dq, dk, dv, work], attrs) {
      const [batch, constants] = dims("attention_grad", q!, probs!, attrs);
      const time = constants.time;
      const dp = pairs(programs, constants, 1, probs!.size, dy!, v!, 1);
      const total = rowSum(programs, ROW_TERM.product, time, dp, probs!);
      const ds = launchScratch(
        programs,
        { name: "attention_rowwise", source: rowwiseSource, size: probs!.size, constants: { causal: constants.causal, time, which: 1 } },
        [probs!, dp, total, total, 1 / Math.sqrt(constants.d)],
      );
      const start = (batch * constants.heads - 1) * time * time + (time - 1) * time;
      const textures = [
        mix(programs, constants, 0, dq!, ds, k!),
        mix(programs, constants, 1, dk!, ds, q!),
        mix(programs, constants, 1, dv!, probs!, dy!),
      ];
      const workTexture = programs.launch({ name: "attention_last_row", source: lastRowSource, size: work!.size, constants: { start } }, [
        dp,
      ]);
      release(dp, total, ds);
      [dq!, dk!, dv!].forEach((tensor, index) => programs.assign(tensor, textures[index]!));
      programs.assign(work!, workTexture);
    },
  },
};
