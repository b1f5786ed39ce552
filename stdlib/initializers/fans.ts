// fan_in/fan_out the Keras way: dense [in, out]; conv [...kernel, in, out] multiplies both by
// the receptive field (product of the kernel dimensions); rank 1 uses its size for both.
import type { Shape } from "../../interpreter/backends/backend.ts";

export function computeFans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  let receptiveField = 1;
  for (const dim of shape.slice(0, -2)) receptiveField *= dim;
  return { fanIn: shape.at(-2)! * receptiveField, fanOut: shape.at(-1)! * receptiveField };
}
