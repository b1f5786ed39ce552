// Every webgl kernel, registered in one place by kernel name (as cpu/kernels/index.ts): `tsc`
// fails while a kernel of kernel-names.ts is neither here nor in WebglUnsupported.
import type { KernelTable } from "../../kernel-names.ts";
import type { WebglKernel } from "../program.ts";
import { activationKernels } from "./activations.ts";
import { attentionKernels } from "./attention.ts";
import { batchnormKernels } from "./batchnorm.ts";
import { binaryKernels } from "./binary.ts";
import { biasGradKernel, normScaleGradKernel } from "./column-sums.ts";
import { matmulKernel } from "./matmul.ts";
import { clipRegularizerKernels } from "./clip-regularizer.ts";
import { concatKernels } from "./concat.ts";
import { convKernels } from "./conv2d.ts";
import { crossEntropyKernels } from "./cross-entropy.ts";
import { embeddingKernels } from "./embedding.ts";
import { gruKernels } from "./gru.ts";
import { gruBiasSumsKernel } from "./gru-bias-sums.ts";
import { layernormKernels } from "./layernorm.ts";
import { lstmKernels } from "./lstm.ts";
import { copyKernel, fillKernel, scaleKernel } from "./memory.ts";
import { adagradUpdate, adamUpdate, rmspropUpdate, sgdMomentumUpdate, sgdUpdate, weightDecayUpdate } from "./optimizers.ts";
import { pointwiseLossKernels } from "./pointwise-losses.ts";
import { globalPoolKernels } from "./pool-global.ts";
import { poolKernels } from "./pool2d.ts";
import { reduceKernels } from "./reduce.ts";
import { resizeKernels } from "./resize.ts";
import { reverseTimeKernel } from "./reverse.ts";
import { simpleRnnKernels } from "./rnn.ts";
import { softmaxKernels } from "./softmax.ts";

/** The kernels the webgl backend deliberately lacks, as a union of names (DL304 refuses models needing them). */
export type WebglUnsupported = never;

export const webglKernels: KernelTable<WebglKernel, WebglUnsupported> = {
  matmul: matmulKernel,
  bias_grad: biasGradKernel,
  ...binaryKernels,
  ...reduceKernels,
  ...activationKernels,
  ...softmaxKernels,
  ...pointwiseLossKernels,
  ...crossEntropyKernels,
  copy: copyKernel,
  fill: fillKernel,
  scale: scaleKernel,
  sgd_update: sgdUpdate,
  sgd_momentum_update: sgdMomentumUpdate,
  adam_update: adamUpdate,
  rmsprop_update: rmspropUpdate,
  adagrad_update: adagradUpdate,
  weight_decay_update: weightDecayUpdate,
  ...clipRegularizerKernels,
  ...convKernels,
  ...poolKernels,
  ...globalPoolKernels,
  ...resizeKernels,
  ...batchnormKernels,
  ...layernormKernels,
  norm_scale_grad: normScaleGradKernel,
  ...embeddingKernels,
  ...simpleRnnKernels,
  ...lstmKernels,
  ...gruKernels,
  gru_bias_sums: gruBiasSumsKernel,
  ...attentionKernels,
  reverse_time: reverseTimeKernel,
  ...concatKernels,
};
