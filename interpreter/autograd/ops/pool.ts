// Max / average pooling of NWC / NHWC x over windows `pool` (strides default to the pool size,
// Keras), TF `same` padding that max ignores and average does not count; and global pooling over
// every position into [n, c]. Each backward is its kernel's `_grad` (max routes dy to the maximum).
import type { Graph, Value } from "../graph.ts";
import { slidingWindow } from "./window.ts";

export type Reduction = "max" | "avg";

export interface PoolOptions {
  readonly pool: readonly number[];
  readonly strides?: readonly number[];
  /** valid (default) or same. */
  readonly padding?: string;
}

export function pool(g: Graph, reduction: Reduction, x: Value, options: PoolOptions): Value {
  const axes = options.pool.length;
  if (x.shape.length !== axes + 2) throw new Error(`${reduction}pool: input [${x.shape}] needs ${axes} spatial axes`);
  const window = slidingWindow(`${reduction}pool`, x.shape.slice(1, -1), options.pool, {
    strides: options.strides ?? options.pool,
    padding: options.padding ?? "valid",
  });
  const attrs = { ...window.attrs, pool: axes === 1 ? [1, options.pool[0]!] : [...options.pool] };
  const kernel = `${reduction}pool2d` as const;
  return g.op({
    name: `${reduction}pool${axes}d`,
    inputs: [x],
    shape: [x.shape[0]!, ...window.output, x.shape.at(-1)!],
    forward: (k, out) => k.run(kernel, [x.tensor], [out], attrs),
    backward: (k, _out, dy) => k.gradTo(x, `${kernel}_grad` as const, reduction === "max" ? [x.tensor, dy] : [dy], attrs),
  });
}

export function globalPool(g: Graph, reduction: Reduction, x: Value): Value {
  if (x.shape.length < 3) throw new Error(`global_${reduction}pool: input [${x.shape}] has no spatial axis`);
  const kernel = `global_${reduction}pool` as const;
  return g.op({
    name: kernel,
    inputs: [x],
    shape: [x.shape[0]!, x.shape.at(-1)!],
    forward: (k, out) => k.run(kernel, [x.tensor], [out]),
    backward: (k, _out, dy) => k.gradTo(x, `${kernel}_grad` as const, reduction === "max" ? [x.tensor, dy] : [dy]),
  });
}
