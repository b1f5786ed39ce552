// Every CPU kernel, registered in one place. Add one import and one list entry per kernel file.
import type { CpuKernel } from "../kernel.ts";
import { activationKernels } from "./activations.ts";
import { biasGradKernel } from "./bias-grad.ts";
import { binaryKernels } from "./binary.ts";
import { crossEntropyKernels } from "./cross-entropy.ts";
import { matmulKernel } from "./matmul.ts";
import { copyKernel, fillKernel, scaleKernel } from "./memory.ts";
import { optimizerKernels } from "./optimizer-kernels.ts";
import { pointwiseLossKernels } from "./pointwise-losses.ts";
import { reduceKernels } from "./reduce.ts";
import { softmaxKernels } from "./softmax.ts";

export const cpuKernels: readonly CpuKernel[] = [
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
  ...optimizerKernels,
];
