// simple_rnn / lstm / gru over (steps, features), Keras layouts and gate orders. Keras: SimpleRNN, LSTM, GRU.
//   lstm gates i, f, c, o; gru gates z, r, h with reset_after (bias [2, 3*units]).
import { bool, positiveInt } from "../values.ts";
import { activationArg } from "./common-options.ts";
import { requireRank, type LayerSpec } from "./layer-spec.ts";

function recurrent(kind: string, keras: string, gates: number): LayerSpec {
  return {
    kind,
    keras,
    doc: `${keras} recurrent layer`,
    args: [{ name: "units", type: positiveInt, doc: "size of the hidden state" }, { ...activationArg, default: "tanh" }],
    options: [{ name: "return_sequences", type: bool, doc: "output every step instead of the last", default: false }],
    outputShape(input, config) {
      requireRank(kind, input, 2, "rank 2 (steps, features)", ["reshape a flat input first: `layer reshape STEPS FEATURES`"]);
      const units = config["units"] as number;
      return config["return_sequences"] ? [input[0]!, units] : [units];
    },
    params(input, config) {
      const units = config["units"] as number;
      return [
        { name: "kernel", shape: [input.at(-1)!, gates * units], initializer: "glorot_uniform", trainable: true },
        { name: "recurrent_kernel", shape: [units, gates * units], initializer: "orthogonal", trainable: true },
        { name: "bias", shape: kind === "gru" ? [2, gates * units] : [gates * units], initializer: "zeros", trainable: true },
      ];
    },
  };
}

export const simpleRnn = recurrent("simple_rnn", "SimpleRNN", 1);
export const lstm = recurrent("lstm", "LSTM", 4);
export const gru = recurrent("gru", "GRU", 3);
