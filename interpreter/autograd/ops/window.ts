// A 1-D or 2-D sliding window over [n, spatial…, c] as kernel attributes: the output's spatial
// sizes and `strides`, `dilation`, `pad` (zeros before) as [height, width] pairs, a 1-D window
// being one of height 1. Padding follows TensorFlow; the layers' shape rules share windowOutput.
import type { KernelAttrs } from "../../backends/backend.ts";

export interface WindowOptions {
  /** One per spatial axis; default 1. */
  readonly strides?: readonly number[];
  /** One per spatial axis; default 1. */
  readonly dilation?: readonly number[];
  /** valid (default), same, or causal (1-D only). */
  readonly padding?: string;
}

export interface Window {
  readonly output: number[];
  readonly attrs: KernelAttrs;
}

export function slidingWindow(op: string, spatial: readonly number[], window: readonly number[], options: WindowOptions): Window {
  const axes = window.length;
  const strides = options.strides ?? window.map(() => 1);
  const dilation = options.dilation ?? window.map(() => 1);
  const padding = options.padding ?? "valid";
  if ((axes !== 1 && axes !== 2) || spatial.length !== axes || strides.length !== axes || dilation.length !== axes) {
    throw new Error(`${op}: a window [${window}] (strides [${strides}], dilation [${dilation}]) does not fit spatial axes [${spatial}]`);
  }
  if (padding === "causal" && axes !== 1) throw new Error(`${op}: causal padding is for 1-D windows`);
  const output = spatial.map((n, i) => windowOutput(n, window[i]!, strides[i]!, dilation[i]!, padding));
  if (output.some((n) => n < 1)) throw new Error(`${op}: window [${window}] does not fit spatial axes [${spatial}]`);
  const pad = spatial.map((n, i) => windowPadBefore(n, window[i]!, strides[i]!, dilation[i]!, padding));
  const pair = (values: readonly number[], fill: number): number[] => (axes === 1 ? [fill, values[0]!] : [...values]);
  return { output, attrs: { strides: pair(strides, 1), dilation: pair(dilation, 1), pad: pair(pad, 0) } };
}

// Output length of a sliding window along one axis, with TensorFlow's padding rules:
// valid: floor((in - ((k-1)*d + 1)) / s) + 1; same: ceil(in / s); causal: like same at stride 1.
export function windowOutput(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  if (padding === "same" || padding === "causal") return Math.ceil(input / stride);
  return Math.floor((input - ((kernel - 1) * dilation + 1)) / stride) + 1;
}

/**
 * Zeros before the first element along one axis. same: total = max((out-1)*s + (k-1)*d + 1 - in, 0)
 * split floor(total/2) before, the rest after (TensorFlow); causal: (k-1)*d, all before; valid: 0.
 */
function windowPadBefore(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  if (padding === "causal") return (kernel - 1) * dilation;
  if (padding !== "same") return 0;
  const output = windowOutput(input, kernel, stride, dilation, padding);
  return Math.floor(Math.max((output - 1) * stride + (kernel - 1) * dilation + 1 - input, 0) / 2);
}
