// gru_bias_sums [dy_0 … dy_{m-1}] -> db [m, n]: db[k, j] (+)= sum over rows of dy_k[row, j], the
// gradient of GRU's stacked bias [2, 3*units] from dmx and dmh (cpu/kernels/gru-bias-sums.ts),
// honouring `accumulate`. Each input's column sums go into its row of db, one launch per input.
import { boolAttr } from "../../shared/attrs.ts";
import { quotient } from "../quotient.ts";
import type { GpuTexture, ProgramThis, WebglKernel, WebglTensor } from "../program.ts";
import { columnSums } from "./column-sums.ts";

/** Row `stack` of db from `sums` (added to what db held when accumulating), the other rows from `previous`. */
function placeRowSource(this: ProgramThis<"accumulate" | "n" | "stack">, previous: number[], sums: number[]): number {
  const index = this.thread.x;
  const k = quotient(index, this.constants.n);
  if (k !== this.constants.stack) return previous[index]!;
  const value = sums[index - k * this.constants.n]!;
  if (this.constants.accumulate === 1) return previous[index]! + value;
  return value;
}

export const gruBiasSumsKernel: WebglKernel = {
  run(programs, inputs, [db], attrs) {
    const [stacks, n] = db!.shape as [number, number];
    if (db!.shape.length !== 2 || inputs.length !== stacks) throw new Error(`gru_bias_sums: ${inputs.length} inputs into [${db!.shape}]`);
    let current: WebglTensor = db!;
    let texture: GpuTexture | undefined;
    inputs.forEach((dy, stack) => {
      if (dy.size % n !== 0) throw new Error(`gru_bias_sums: [${dy.shape}] does not end in ${n} values`);
      const sums: WebglTensor = { id: 0, shape: [n], size: n, texture: columnSums(programs, dy, n, undefined, undefined) };
      const constants = { n, stack, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      const next = programs.launch({ name: "gru_bias_place", source: placeRowSource, size: db!.size, constants }, [current, sums]);
      sums.texture.delete();
      texture?.delete();
      texture = next;
      current = { ...db!, texture: next };
    });
    if (texture) programs.assign(db!, texture);
  },
};
