// A sliding window over NHWC images: sizes from the tensors' shapes (rank 3 [n, w, c] is an
// image of height 1), steps from the attributes `strides`, `dilation` and `pad` ([top, left]
// zeros before the first row/column; the output shape fixes how many come after).
import type { KernelAttrs, Shape } from "../backend.ts";

export interface WindowGeometry {
  /** Batch, input height, width, channels. */
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  /** Output height, width, channels. */
  readonly oh: number;
  readonly ow: number;
  readonly oc: number;
  /** Window height and width, strides, dilations, padding before. */
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly pt: number;
  readonly pl: number;
}

/** [n, h, w, c] of an NHWC (or NWC) shape. */
export function imageDims(kernel: string, shape: Shape): [number, number, number, number] {
  if (shape.length === 4) return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
  if (shape.length === 3) return [shape[0]!, 1, shape[1]!, shape[2]!];
  throw new Error(`${kernel}: expected an NHWC or NWC tensor, got [${shape}]`);
}

/** A pair attribute such as strides [sh, sw]; `fallback` when absent. */
export function pairAttr(attrs: KernelAttrs, name: string, fallback: number): [number, number] {
  const value = attrs[name];
  if (value === undefined) return [fallback, fallback];
  if (!Array.isArray(value) || value.length !== 2) throw new Error(`kernel attribute "${name}" must be a pair of numbers`);
  return [value[0]!, value[1]!];
}

/** The geometry of a window of [kh, kw] from `x` to `y`; throws when batch sizes differ. */
export function windowGeometry(kernel: string, x: Shape, y: Shape, [kh, kw]: [number, number], attrs: KernelAttrs): WindowGeometry {
  const [n, h, w, c] = imageDims(kernel, x);
  const [yn, oh, ow, oc] = imageDims(kernel, y);
  if (yn !== n) throw new Error(`${kernel}: batch of [${x}] and [${y}] differ`);
  const [sh, sw] = pairAttr(attrs, "strides", 1);
  const [dh, dw] = pairAttr(attrs, "dilation", 1);
  const [pt, pl] = pairAttr(attrs, "pad", 0);
  return { n, h, w, c, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl };
}

/** The geometry of a convolution of x by a [kh, kw, in, out] (or 1-D [kw, in, out]) filter into y. */
export function convGeometry(kernel: string, x: Shape, filter: Shape, y: Shape, attrs: KernelAttrs): WindowGeometry {
  const dims = filter.length === 3 ? [1, ...filter] : filter;
  if (dims.length !== 4) throw new Error(`${kernel}: expected a [kh, kw, in, out] kernel, got [${filter}]`);
  const g = windowGeometry(kernel, x, y, [dims[0]!, dims[1]!], attrs);
  if (dims[2] !== g.c || dims[3] !== g.oc) throw new Error(`${kernel}: kernel [${filter}] does not map [${x}] to [${y}]`);
  return g;
}
