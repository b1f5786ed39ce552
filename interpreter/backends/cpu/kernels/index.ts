// Every CPU kernel, registered in one place by kernel name. Add one import and one entry per
// kernel file; `tsc` fails while a kernel of kernel-names.ts is neither here nor in CpuUnsupported.
import type { KernelTable } from "../../kernel-names.ts";
import type { CpuKernel } from "../kernel.ts";
import { activationKernels } from "./activations.ts";
import { attentionKernels } from "./attention.ts";
import { batchnormKernels } from "./batchnorm.ts";
import { batchnormStatsKernels } from "./batchnorm-stats.ts";
import { biasGradKernel } from "./bias-grad.ts";
import { binaryKernels } from "./binary.ts";
import { concatLast, sliceLast } from "./concat.ts";
import { convKernels } from "./conv2d.ts";
import { crossEntropyKernels } from "./cross-entropy.ts";
import { embeddingKernels } from "./embedding.ts";
import { layernormKernels } from "./layernorm.ts";
import { matmulKernel } from "./matmul.ts";
import { copyKernel, fillKernel, scaleKernel } from "./memory.ts";
import { normScaleGradKernel } from "./norm-scale-grad.ts";
import { optimizerKernels } from "./optimizer-kernels.ts";
import { padKernels } from "./pad2d.ts";
import { pointwiseLossKernels } from "./pointwise-losses.ts";
import { globalPoolKernels } from "./pool-global.ts";
import { poolKernels } from "./pool2d.ts";
import { reduceKernels } from "./reduce.ts";
import { reverseTimeKernel } from "./reverse.ts";
import { recurrentKernels } from "./rnn-kernels.ts";
import { softmaxKernels } from "./softmax.ts";
import { upsampleKernels } from "./upsample2d.ts";

/** The kernels the cpu backend deliberately lacks, as a union of names (DL304 refuses models needing them). */
export type CpuUnsupported = never;

export const cpuKernels: KernelTable<CpuKernel, CpuUnsupported> = {
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
  ...optimizerKernels,
  ...convKernels,
  ...poolKernels,
  ...globalPoolKernels,
  ...padKernels,
  ...upsampleKernels,
  ...batchnormStatsKernels,
  ...batchnormKernels,
  ...layernormKernels,
  norm_scale_grad: normScaleGradKernel,
  ...embeddingKernels,
  ...recurrentKernels,
  ...attentionKernels,
  reverse_time: reverseTimeKernel,
  concat_last: concatLast,
  slice_last: sliceLast,
};
