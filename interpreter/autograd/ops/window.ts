// A 1-D or 2-D sliding window over [n, spatial…, c] as kernel attributes: the output's spatial
// sizes and `strides`, `dilation`, `pad` (zeros before) as [height, width] pairs, a 1-D window
// being one of height 1. Padding follows TensorFlow (stdlib/layers/window.ts).
import type { KernelAttrs } from "../../backends/backend.ts";
import { windowOutput, windowPadBefore } from "../../../stdlib/layers/window.ts";

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
