// simple_rnn, lstm, gru and bidirectional as ONNX's RNN, LSTM and GRU. Keras lays a kernel out
// [features, gates*units] in the gate order i, f, c, o (LSTM) or z, r, h (GRU); ONNX wants
// [directions, gates*units, features] with LSTM gates in the order i, o, f, c (GRU's is the same).
// Keras' GRU resets after the recurrent matmul (reset_after, bias [2, 3*units]): ONNX's
// linear_before_reset=1 with the input bias as Wb and the recurrent bias as Rb. ONNX runs time
// first and keeps a backward direction's outputs in input order, which is how Bidirectional
// reverses them back; the directions' outputs are then joined per step (concat) or added (sum).
import type { CheckedLayer } from "../../check/checked.ts";
import { floats, int, ints, string, strings, type GraphBuilder } from "./graph-builder.ts";
import type { LayerWeights, Weight } from "./layer-weights.ts";

const operators = { simple_rnn: "RNN", lstm: "LSTM", gru: "GRU" } as const;
type Cell = keyof typeof operators;
/** For each ONNX gate block, the Keras block it comes from. */
const gateOrder: Record<Cell, number[]> = { simple_rnn: [0], lstm: [0, 3, 1, 2], gru: [0, 1, 2] };
/** The activation names ONNX's recurrent operators know. */
const onnxActivation: Record<string, string> = { tanh: "Tanh", sigmoid: "Sigmoid", relu: "Relu", linear: "Affine" };

export function recurrent(graph: GraphBuilder, layer: CheckedLayer, x: string, weights: LayerWeights): string {
  const bidirectional = layer.spec.name === "bidirectional";
  const cell = (bidirectional ? layer.config["cell"] : layer.spec.name) as Cell;
  const prefixes = bidirectional ? ["forward_", "backward_"] : [""];
  const units = Number(layer.config["units"]);
  const features = layer.inputShape.at(-1)!;
  const gates = gateOrder[cell].length;
  const useBias = layer.config["use_bias"] as boolean;
  const stack = (make: (prefix: string) => Float32Array) => concat(prefixes.map(make));

  const w = graph.floats(
    "W",
    [prefixes.length, gates * units, features],
    stack((p) => toOnnx(weights.get(`${p}kernel`), cell, units)),
  );
  const r = graph.floats(
    "R",
    [prefixes.length, gates * units, units],
    stack((p) => toOnnx(weights.get(`${p}recurrent_kernel`), cell, units)),
  );
  const inputs = [graph.op("Transpose", [x], { perm: ints([1, 0, 2]) }), w, r];
  if (useBias)
    inputs.push(
      graph.floats(
        "B",
        [prefixes.length, 2 * gates * units],
        stack((p) => biasToOnnx(weights.get(`${p}bias`), cell, units)),
      ),
    );

  const activation = String(layer.config["activation"]);
  const perDirection = cell === "lstm" ? ["Sigmoid", activation, activation] : cell === "gru" ? ["Sigmoid", activation] : [activation];
  const names = prefixes.flatMap(() => perDirection.map((a) => onnxActivation[a] ?? a));
  // Affine(x) = alpha*x + beta is the identity with alpha 1, beta 0; ONNX reads alpha and beta in activation order.
  const affine = names.filter((a) => a === "Affine");
  const [sequence, last] = graph.opWithOutputs(operators[cell], inputs, 2, {
    hidden_size: int(units),
    direction: string(bidirectional ? "bidirectional" : "forward"),
    activations: strings(names),
    ...(affine.length ? { activation_alpha: floats(affine.map(() => 1)), activation_beta: floats(affine.map(() => 0)) } : {}),
    ...(cell === "gru" ? { linear_before_reset: int(1) } : {}),
  });

  const sum = bidirectional && layer.config["merge"] === "sum";
  if (layer.config["return_sequences"]) {
    // Y [steps, directions, batch, units] -> [batch, steps, directions, units] -> joined per step.
    const y = graph.op("Transpose", [sequence!], { perm: ints([2, 0, 1, 3]) });
    return sum
      ? graph.op("ReduceSum", [y, graph.int64s("axes", [2])], { keepdims: int(0) })
      : graph.op("Reshape", [y, graph.int64s("shape", [0, 0, -1])]);
  }
  // Y_h [directions, batch, units] -> [batch, directions, units] -> joined.
  const h = graph.op("Transpose", [last!], { perm: ints([1, 0, 2]) });
  return sum
    ? graph.op("ReduceSum", [h, graph.int64s("axes", [1])], { keepdims: int(0) })
    : graph.op("Reshape", [h, graph.int64s("shape", [0, -1])]);
}

/** [features, gates*units] (Keras order) -> [gates*units, features] (ONNX order). */
function toOnnx(kernel: Weight, cell: Cell, units: number): Float32Array {
  const [rows, columns] = kernel.shape as [number, number];
  const out = new Float32Array(kernel.data.length);
  gateOrder[cell].forEach((from, to) => {
    for (let j = 0; j < units; j++)
      for (let i = 0; i < rows; i++) out[(to * units + j) * rows + i] = kernel.data[i * columns + from * units + j]!;
  });
  return out;
}

/** ONNX's B = [Wb, Rb]: Keras' one bias as Wb (Rb zero), or GRU's input and recurrent biases. */
function biasToOnnx(bias: Weight, cell: Cell, units: number): Float32Array {
  const gates = gateOrder[cell].length;
  const out = new Float32Array(2 * gates * units);
  const rows = cell === "gru" ? 2 : 1;
  for (let row = 0; row < rows; row++)
    gateOrder[cell].forEach((from, to) => {
      for (let j = 0; j < units; j++) out[row * gates * units + to * units + j] = bias.data[row * gates * units + from * units + j]!;
    });
  return out;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((offset, part) => (out.set(part, offset), offset + part.length), 0);
  return out;
}
