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
export function windowPadBefore(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  if (padding === "causal") return (kernel - 1) * dilation;
  if (padding !== "same") return 0;
  const output = windowOutput(input, kernel, stride, dilation, padding);
  return Math.floor(Math.max((output - 1) * stride + (kernel - 1) * dilation + 1 - input, 0) / 2);
}

/** Expands `kernel=3` to [3, 3] for a 2-D layer; lists pass through. */
export function perAxis(value: unknown, axes: number): number[] {
  return Array.isArray(value) ? (value as number[]) : Array.from({ length: axes }, () => value as number);
}
