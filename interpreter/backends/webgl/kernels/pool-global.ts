// Global pooling over every position of [n, positions…, c] into [n, c] (cpu/kernels/pool-global.ts):
// global_avgpool (mean, in two passes: chunks.ts), global_maxpool (max), and the gradients
// global_avgpool_grad [dy] (dy / positions) and global_maxpool_grad [x, dy] (dy to the first
// maximum), honouring `accumulate`.
import { boolAttr } from "../../shared/attrs.ts";
import { launchScratch, type Programs, type ProgramThis, type WebglKernel, type WebglTensor } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { quotient } from "../quotient.ts";

/** [n, positions, c] of x given y [n, c]. */
function dims(kernel: string, x: WebglTensor, y: WebglTensor): [number, number, number] {
  const [n, c] = y.shape;
  if (y.shape.length !== 2 || x.shape[0] !== n || x.shape.at(-1) !== c)
    throw new Error(`${kernel}: cannot pool [${x.shape}] into [${y.shape}]`);
  return [n!, x.size / (n! * c!), c!];
}

function avgPartialSource(this: ProgramThis<"c" | "chunk" | "chunks" | "positions">, x: number[]): number {
  const t = this.thread.x;
  const index = quotient(t, this.constants.chunks);
  const chunk = t - index * this.constants.chunks;
  const b = quotient(index, this.constants.c);
  const ch = index - b * this.constants.c;
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const p = chunk * this.constants.chunk + q;
    if (p < this.constants.positions) partial += x[(b * this.constants.positions + p) * this.constants.c + ch]!;
  }
  return partial;
}

/** The position of the first maximum of channel ch of example b. */
function argmaxSource(this: ProgramThis<"c" | "positions">, x: number[]): number {
  const index = this.thread.x;
  const b = quotient(index, this.constants.c);
  const ch = index - b * this.constants.c;
  let best = x[b * this.constants.positions * this.constants.c + ch]!;
  let bestAt = 0;
  for (let p = 1; p < this.constants.positions; p++) {
    const v = x[(b * this.constants.positions + p) * this.constants.c + ch]!;
    if (v > best) {
      best = v;
      bestAt = p;
    }
  }
  return bestAt;
}

function maxSource(this: ProgramThis<"c" | "positions">, x: number[], at: number[]): number {
  const index = this.thread.x;
  const b = quotient(index, this.constants.c);
  const ch = index - b * this.constants.c;
  return x[(b * this.constants.positions + at[index]!) * this.constants.c + ch]!;
}

/** dx[b, p, ch] from dy[b, ch]: a share of it (average) or all of it at the first maximum (max). */
function gradSource(this: ProgramThis<"accumulate" | "c" | "max" | "positions">, dx: number[], dy: number[], at: number[]): number {
  const t = this.thread.x;
  const ch = t - quotient(t, this.constants.c) * this.constants.c;
  const row = quotient(t, this.constants.c);
  const b = quotient(row, this.constants.positions);
  const p = row - b * this.constants.positions;
  const index = b * this.constants.c + ch;
  let value = dy[index]! / this.constants.positions;
  if (this.constants.max === 1) {
    value = 0;
    if (at[index] === p) value = dy[index]!;
  }
  if (this.constants.accumulate === 1) return dx[t]! + value;
  return value;
}

function argmax(programs: Programs, x: WebglTensor, n: number, positions: number, c: number): WebglTensor {
  return launchScratch(programs, { name: "global_argmax", source: argmaxSource, size: n * c, constants: { c, positions } }, [x]);
}

const globalAvgpool: WebglKernel = {
  run(programs, [x], [y]) {
    const [, positions, c] = dims("global_avgpool", x!, y!);
    const chunks = chunksOf(positions);
    const partials = launchScratch(
      programs,
      { name: "global_avg_partial", source: avgPartialSource, size: y!.size * chunks.chunks, constants: { c, positions, ...chunks } },
      [x!],
    );
    programs.assign(y!, finishSum(programs, partials, y!.size, chunks.chunks, { scale: 1 / positions }));
  },
};

const globalMaxpool: WebglKernel = {
  run(programs, [x], [y]) {
    const [n, positions, c] = dims("global_maxpool", x!, y!);
    const at = argmax(programs, x!, n, positions, c);
    programs.assign(y!, programs.launch({ name: "global_max", source: maxSource, size: y!.size, constants: { c, positions } }, [x!, at]));
    at.texture.delete();
  },
};

const globalAvgpoolGrad: WebglKernel = {
  run(programs, [dy], [dx], attrs) {
    const [, positions, c] = dims("global_avgpool_grad", dx!, dy!);
    const constants = { c, positions, max: 0, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
    programs.assign(dx!, programs.launch({ name: "global_pool_grad", source: gradSource, size: dx!.size, constants }, [dx!, dy!, dy!]));
  },
};

const globalMaxpoolGrad: WebglKernel = {
  run(programs, [x, dy], [dx], attrs) {
    const [n, positions, c] = dims("global_maxpool_grad", x!, dy!);
    const at = argmax(programs, x!, n, positions, c);
    const constants = { c, positions, max: 1, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
    programs.assign(dx!, programs.launch({ name: "global_pool_grad", source: gradSource, size: dx!.size, constants }, [dx!, dy!, at]));
    at.texture.delete();
  },
};

export const globalPoolKernels = {
  global_avgpool: globalAvgpool,
  global_avgpool_grad: globalAvgpoolGrad,
  global_maxpool: globalMaxpool,
  global_maxpool_grad: globalMaxpoolGrad,
};
