// Every recurrent kernel: simple_rnn, lstm and gru, forward and `_bptt`, each running the cell
// with the activation its `activation` attribute names; and gru_bias_sums.
import { gruBiasSumsKernel } from "./gru-bias-sums.ts";
import { gruKernels } from "./gru.ts";
import { lstmKernels } from "./lstm.ts";
import { simpleRnnKernels } from "./rnn.ts";

export const recurrentKernels = { ...simpleRnnKernels, ...lstmKernels, ...gruKernels, gru_bias_sums: gruBiasSumsKernel };
