// Every recurrent kernel: simple_rnn, lstm and gru, forward and `_bptt`, for each activation a
// cell accepts (`lstm_tanh`, `lstm_tanh_bptt`, …), and gru_bias_sums.
import type { CpuKernel } from "../kernel.ts";
import { gruBiasSumsKernel } from "./gru-bias-sums.ts";
import { gruKernels } from "./gru.ts";
import { lstmKernels } from "./lstm.ts";
import { rnnActivations } from "./rnn-activations.ts";
import { simpleRnnKernels } from "./rnn.ts";

export const recurrentKernels: readonly CpuKernel[] = [
  ...rnnActivations.flatMap((activation) => [...simpleRnnKernels(activation), ...lstmKernels(activation), ...gruKernels(activation)]),
  gruBiasSumsKernel,
];
