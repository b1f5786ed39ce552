// y = softmax(Q K^T / sqrt(d) [+ causal mask]) V per head, over q, k, v [batch, time, heads*d].
// Keras: the core of MultiHeadAttention. The forward kernel saves the probabilities
// [batch, heads, time, time]; `attention_grad` turns them into dq, dk, dv at once, written to
// buffers of this op and handed on with copies (each input's gradient comes from one kernel).
import type { Graph, Value } from "../graph.ts";

export interface AttentionOptions {
  readonly heads: number;
  /** Step t attends to steps s <= t only (Keras use_causal_mask). */
  readonly causal: boolean;
}

export function attention(g: Graph, q: Value, k: Value, v: Value, options: AttentionOptions): Value {
  const [batch, time, width] = q.shape as [number, number, number];
  const same = (x: Value) => x.shape.length === 3 && x.shape.every((dim, i) => dim === q.shape[i]);
  if (!same(q) || !same(k) || !same(v) || width % options.heads !== 0) {
    throw new Error(`attention: q [${q.shape}], k [${k.shape}], v [${v.shape}] with ${options.heads} heads do not fit`);
  }
  const attrs = { heads: options.heads, causal: options.causal };
  const probs = g.alloc([batch, options.heads, time, time]);
  return g.op({
    name: "attention",
    inputs: [q, k, v],
    shape: q.shape,
    forward: (e, out) => e.run("attention", [q.tensor, k.tensor, v.tensor], [out, probs], attrs),
    backward(e, _out, dy) {
      const grads = [q, k, v].map((x) => g.alloc(x.shape));
      e.run("attention_grad", [probs, q.tensor, k.tensor, v.tensor, dy], [...grads, g.alloc([time])], attrs);
      [q, k, v].forEach((x, i) => e.gradTo(x, "copy", [grads[i]!]));
    },
  });
}
