// simple_rnn / lstm / gru over (steps, features), Keras layouts and gate orders. Keras: SimpleRNN, LSTM, GRU.
//   lstm gates i, f, c, o; gru gates z, r, h with reset_after (bias [2, 3*units]); initial states zero.
//   Weights start as Keras': kernel glorot_uniform, recurrent_kernel orthogonal, bias zeros
//   (lstm: lstm_bias, the forget-gate block at 1, when unit_forget_bias).
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { RecurrentCell } from "../../interpreter/autograd/ops/index.ts";
import { recurrentActivations, type RecurrentActivation } from "../../interpreter/backends/kernel-names.ts";
import { bool, choice, positiveInt } from "../values.ts";
import { requireRank, type ArgSpec, type LayerSpec } from "./layer-spec.ts";

/** Activations with recurrent kernels: their derivatives are functions of their outputs. */
const cellActivation: ArgSpec = {
  name: "activation",
  type: choice("an activation", recurrentActivations),
  doc: "applied to the state (lstm: to the candidate and the cell; gru: to the candidate)",
  default: "tanh",
};

const unitForgetBias: ArgSpec = {
  name: "unit_forget_bias",
  type: bool,
  doc: "start the forget-gate bias at 1 (bias initializer `lstm_bias` instead of `zeros`)",
  default: true,
};

function recurrent(kind: RecurrentCell, keras: string, gates: number): LayerSpec {
  return {
    name: kind,
    keras,
    doc: `${keras} recurrent layer`,
    args: [{ name: "units", type: positiveInt, doc: "size of the hidden state" }, cellActivation],
    options: [
      { name: "return_sequences", type: bool, doc: "output every step instead of the last", default: false },
      { name: "use_bias", type: bool, doc: "add a learned bias", default: true },
      ...(kind === "lstm" ? [unitForgetBias] : []),
    ],
    outputShape(input, config) {
      requireRank(kind, input, 2, "rank 2 (steps, features)", ["reshape a flat input first: `layer reshape STEPS FEATURES`"]);
      const units = config["units"] as number;
      return config["return_sequences"] ? [input[0]!, units] : [units];
    },
    params(input, config) {
      const units = config["units"] as number;
      const weights = [
        { name: "kernel", shape: [input.at(-1)!, gates * units], initializer: "glorot_uniform", trainable: true },
        { name: "recurrent_kernel", shape: [units, gates * units], initializer: "orthogonal", trainable: true },
      ];
      if (!config["use_bias"]) return weights;
      const biasInit = config["unit_forget_bias"] ? "lstm_bias" : "zeros";
      return [
        ...weights,
        { name: "bias", shape: kind === "gru" ? [2, gates * units] : [gates * units], initializer: biasInit, trainable: true },
      ];
    },
    forward(layer, x, config) {
      const bias = config["use_bias"] ? layer.param("bias") : undefined;
      return ops.recurrent(layer.graph, kind, x, layer.param("kernel"), layer.param("recurrent_kernel"), bias, {
        activation: config["activation"] as RecurrentActivation,
        returnSequences: config["return_sequences"] as boolean,
      });
    },
  };
}

export const simpleRnn = recurrent("simple_rnn", "SimpleRNN", 1);
export const lstm = recurrent("lstm", "LSTM", 4);
export const gru = recurrent("gru", "GRU", 3);
