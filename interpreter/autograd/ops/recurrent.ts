// simple_rnn / lstm / gru over x [batch, time, features] with Keras weights: kernel [features, k*units],
// recurrent_kernel [units, k*units], bias [k*units] (gru: [2, 3*units]); y = every h_t or the last.
// A fused kernel `<cell>`, the activation an attribute, runs the sequence, saving what its `_bptt` kernel needs to
// give the gate gradients dpre [batch, time, k*units]; then dx = dpre @ kernel^T,
// dkernel = x^T @ dpre, drecurrent_kernel = hprev^T @ dpre and dbias = column sums of dpre
// (gru: dmh, the gradient of h_{t-1} @ recurrent_kernel + bias[1], for the recurrent parts).
import type { Shape, Tensor } from "../../backends/backend.ts";
import type { RecurrentActivation, RecurrentKernelName } from "../../backends/kernel-names.ts";
import type { Graph, Value } from "../graph.ts";

export type RecurrentCell = RecurrentKernelName;

export interface RecurrentOptions {
  /** The cell's activation. */
  readonly activation: RecurrentActivation;
  /** Output every step [batch, time, units] instead of the last [batch, units]. */
  readonly returnSequences: boolean;
}

interface CellLayout {
  readonly gates: number;
  /** Last axes, in units, of the [batch, time, …] buffers the forward kernel saves after hprev. */
  readonly saved: readonly number[];
  /** Whether the _bptt kernel carries a [batch, units] gradient back in a work buffer. */
  readonly carry: boolean;
  /** gru reset_after: bias [2, 3*units], and the _bptt kernel writes dmh apart from dpre (= dmx). */
  readonly splitBias: boolean;
}

const cells: Readonly<Record<RecurrentCell, CellLayout>> = {
  simple_rnn: { gates: 1, saved: [1], carry: false, splitBias: false }, // h
  lstm: { gates: 4, saved: [4, 1], carry: true, splitBias: false }, // gates, c
  gru: { gates: 3, saved: [3, 3], carry: true, splitBias: true }, // gates, mh
};

const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export function recurrent(
  g: Graph,
  cell: RecurrentCell,
  x: Value,
  kernel: Value,
  recurrentKernel: Value,
  bias: Value | undefined,
  options: RecurrentOptions,
): Value {
  const layout = cells[cell];
  const [batch, time, features] = x.shape as [number, number, number];
  const units = recurrentKernel.shape[0]!;
  const width = layout.gates * units;
  if (x.shape.length !== 3 || !sameShape(kernel.shape, [features, width]) || !sameShape(recurrentKernel.shape, [units, width])) {
    throw new Error(`${cell}: input [${x.shape}], kernel [${kernel.shape}] and recurrent_kernel [${recurrentKernel.shape}] do not fit`);
  }
  const biasShape = layout.splitBias ? [2, width] : [width];
  if (bias && !sameShape(bias.shape, biasShape)) throw new Error(`${cell}: bias [${bias.shape}] should be [${biasShape}]`);
  const attrs = { activation: options.activation };
  const hprev = g.alloc([batch, time, units]);
  const saved = layout.saved.map((k) => g.alloc([batch, time, k * units]));
  const inputs = bias ? [x, kernel, recurrentKernel, bias] : [x, kernel, recurrentKernel];
  return g.op({
    name: cell,
    inputs,
    shape: options.returnSequences ? [batch, time, units] : [batch, units],
    forward: (k, out) =>
      k.run(
        cell,
        inputs.map((v) => v.tensor),
        [out, hprev, ...saved],
        attrs,
      ),
    backward(k, _out, dy) {
      const dpre = g.alloc([batch, time, width]);
      const dmh = layout.splitBias ? g.alloc([batch, time, width]) : dpre;
      const outputs: Tensor[] = [dpre];
      if (layout.splitBias) outputs.push(dmh);
      if (layout.carry) outputs.push(g.alloc([batch, units]));
      k.run(`${cell}_bptt` as const, [dy, recurrentKernel.tensor, hprev, ...saved], outputs, attrs);
      k.gradTo(x, "matmul", [dpre, kernel.tensor], { transposeB: true });
      k.gradTo(kernel, "matmul", [x.tensor, dpre], { transposeA: true });
      k.gradTo(recurrentKernel, "matmul", [hprev, dmh], { transposeA: true });
      if (bias) {
        if (layout.splitBias) k.gradTo(bias, "gru_bias_sums", [dpre, dmh]);
        else k.gradTo(bias, "bias_grad", [dpre]);
      }
    },
  });
}
