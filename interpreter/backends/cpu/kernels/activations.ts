// Activation kernels and their gradients (see elementwise.ts for the calling convention).
import type { CpuKernel } from "../kernel.ts";
import { unaryKernels } from "./elementwise.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { erf, sigmoid, softplus } from "./math.ts";
import { vectorBytes } from "../wasm/runtime.ts";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_CUBIC = 0.044715;

// relu, the hot one, has kernels of its own: WebAssembly SIMD for tensors on the heap
// (wasm/relu-kernel.ts), and plain loops otherwise (the factories' shared call site of `f` is
// megamorphic across activations, which made relu cost 8 ns per element).
const relu: CpuKernel = {
  run([x], [y], _attrs, wasm) {
    const xs = x!.data;
    const ys = y!.data;
    if (wasm?.holds(xs, ys) && ys.length > 0) return wasm.relu(xs.byteOffset, ys.byteOffset, vectorBytes(ys.length));
    for (let i = 0; i < ys.length; i++) {
      const v = xs[i]!;
      ys[i] = v > 0 ? v : 0;
    }
  },
};

// Derivative 0 at x = 0, as TF and PyTorch.
const reluGrad: CpuKernel = {
  run([x, , dy], [dx], attrs, wasm) {
    const xs = x!.data;
    const dys = dy!.data;
    const dxs = dx!.data;
    if (wasm?.holds(xs, dys, dxs) && dxs.length > 0) {
      return wasm.reluGrad(xs.byteOffset, dys.byteOffset, dxs.byteOffset, vectorBytes(dxs.length), boolAttr(attrs, "accumulate") ? 1 : 0);
    }
    if (boolAttr(attrs, "accumulate")) {
      for (let i = 0; i < dxs.length; i++) if (xs[i]! > 0) dxs[i] = dxs[i]! + dys[i]!;
    } else {
      for (let i = 0; i < dxs.length; i++) dxs[i] = xs[i]! > 0 ? dys[i]! : 0;
    }
  },
};

export const activationKernels = {
  relu,
  relu_grad: reluGrad,
  ...unaryKernels(
    "sigmoid",
    (x) => sigmoid(x),
    (_x, y) => y * (1 - y),
  ),
  ...unaryKernels(
    "tanh",
    (x) => Math.tanh(x),
    (_x, y) => 1 - y * y,
  ),
  // Derivative at x = 0 is the slope.
  ...unaryKernels(
    "leaky_relu",
    (x, slope) => (x > 0 ? x : slope * x),
    (x, _y, slope) => (x > 0 ? 1 : slope),
  ),
  ...unaryKernels(
    "elu",
    (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
    (x, _y, alpha) => (x > 0 ? 1 : alpha * Math.exp(x)),
  ),
  ...unaryKernels(
    "gelu",
    (x) => 0.5 * x * (1 + erf(x * Math.SQRT1_2)),
    (x) => 0.5 * (1 + erf(x * Math.SQRT1_2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI,
  ),
  ...unaryKernels(
    "gelu_tanh",
    (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x))),
    (x) => {
      const t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
    },
  ),
  ...unaryKernels(
    "silu",
    (x) => x * sigmoid(x),
    (x) => {
      const s = sigmoid(x);
      return s * (1 + x * (1 - s));
    },
  ),
  ...unaryKernels(
    "softplus",
    (x) => softplus(x),
    (x) => sigmoid(x),
  ),
};
