// Every webgl kernel, registered in one place (as cpu/kernels/index.ts): the same set as the
// cpu backend's.
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

export const webglKernels: readonly WebglKernel[] = [
  matmulKernel,
  biasGradKernel,
  ...binaryKernels,
  ...reduceKernels,
  ...activationKernels,
  ...softmaxKernels,
  ...pointwiseLossKernels,
  ...crossEntropyKernels,
  copyKernel,
  fillKernel,
  scaleKernel,
  sgdUpdate,
  sgdMomentumUpdate,
  adamUpdate,
  rmspropUpdate,
  adagradUpdate,
  weightDecayUpdate,
  ...clipRegularizerKernels,
  ...convKernels,
  ...poolKernels,
  ...globalPoolKernels,
  ...resizeKernels,
  ...batchnormKernels,
  ...layernormKernels,
  normScaleGradKernel,
  ...embeddingKernels,
  ...simpleRnnKernels,
  ...lstmKernels,
  ...gruKernels,
  gruBiasSumsKernel,
  ...attentionKernels,
  reverseTimeKernel,
  ...concatKernels,
];
