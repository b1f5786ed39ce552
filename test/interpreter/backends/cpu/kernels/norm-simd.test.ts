// The float64 SIMD normalization kernels (wasm/norm-kernel.ts) and the same-shape add (add_rows
// over one row) against the JavaScript loops they replace, bit for bit, on odd row counts, with
// and without `accumulate`, gradients through the batch statistics and not.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { batchnormGradKernel } from "../../../../../interpreter/backends/cpu/kernels/batchnorm.ts";
import { batchnormMomentsKernel } from "../../../../../interpreter/backends/cpu/kernels/batchnorm-stats.ts";
import { binaryKernels } from "../../../../../interpreter/backends/cpu/kernels/binary.ts";
import type { CpuArray, CpuKernel } from "../../../../../interpreter/backends/cpu/kernel.ts";
import { normScaleGradKernel } from "../../../../../interpreter/backends/cpu/kernels/norm-scale-grad.ts";
import { WasmRuntime } from "../../../../../interpreter/backends/cpu/wasm/runtime.ts";
import type { KernelAttrs } from "../../../../../interpreter/backends/backend.ts";

function random(size: number, seed: number, scale: number, offset = 0): Float32Array {
  let s = seed;
  return Float32Array.from({ length: size }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * scale + offset;
  });
}

/**
 * Runs `kernel` on plain arrays (the loops) and on heap copies (the wasm kernel), and asserts that
 * every output has the same bits; outputs start from `outputs`' values.
 */
function sameBits(
  what: string,
  kernel: CpuKernel,
  inputs: [number[], Float32Array][],
  outputs: [number[], Float32Array][],
  attrs: KernelAttrs,
) {
  const wasm = WasmRuntime.create()!;
  const onHeap = (pairs: [number[], Float32Array][]): CpuArray[] =>
    pairs.map(([shape, values]) => {
      const holder = { data: new Float32Array(0) };
      wasm.alloc(holder, values.length);
      holder.data.set(values);
      return {
        shape,
        get data() {
          return holder.data;
        },
      };
    });
  const heapInputs = onHeap(inputs);
  const heapOutputs = onHeap(outputs);
  const plain = (pairs: [number[], Float32Array][]): CpuArray[] => pairs.map(([shape, values]) => ({ shape, data: values.slice() }));
  const plainOutputs = plain(outputs);
  kernel.run(plain(inputs), plainOutputs, attrs, undefined);
  kernel.run(heapInputs, heapOutputs, attrs, wasm);
  plainOutputs.forEach((expected, k) => {
    const actual = heapOutputs[k]!.data;
    assert.ok(
      expected.data.every((v, i) => Object.is(v, actual[i])),
      `${what}: output ${k} differs from the loop`,
    );
  });
}

test("batchnorm_moments, batchnorm_grad and norm_scale_grad give the loops' bits", () => {
  for (const [rows, channels] of [
    [1, 4],
    [3, 8],
    [7, 12],
    [64 * 7, 32],
    [513, 16],
  ] as const) {
    const size = rows * channels;
    const x = random(size, rows + channels, 4, 1.5);
    const shape = [rows, channels];
    const stat = (seed: number) => [[channels], random(channels, seed, 1)] as [number[], Float32Array];
    sameBits(`moments ${rows}x${channels}`, batchnormMomentsKernel, [[shape, x]], [stat(1), stat(2)], {});
    const xhat = random(size, 3 * size + 1, 3);
    const dy = random(size, 5 * size + 7, 0.2);
    const invStd = random(channels, 11, 1, 1);
    const gamma = random(channels, 13, 1, 1);
    for (const throughStats of [0, 1]) {
      for (const accumulate of [false, true]) {
        sameBits(
          `batchnorm_grad ${rows}x${channels} stats=${throughStats} accumulate=${accumulate}`,
          batchnormGradKernel,
          [
            [shape, xhat],
            [[channels], invStd],
            [[channels], gamma],
            [shape, dy],
            [[1], Float32Array.of(throughStats)],
          ],
          [[shape, random(size, 17, 1)]],
          { accumulate },
        );
        sameBits(
          `norm_scale_grad ${rows}x${channels} accumulate=${accumulate}`,
          normScaleGradKernel,
          [
            [shape, dy],
            [shape, xhat],
          ],
          [stat(19)],
          {
            accumulate,
          },
        );
      }
    }
  }
});

test("adding two arrays of one shape gives the loop's bits, any length", () => {
  for (const size of [1, 3, 4, 5, 17, 1001]) {
    const shape = [size];
    sameBits(
      `add ${size}`,
      binaryKernels.add,
      [
        [shape, random(size, size, 2)],
        [shape, random(size, 2 * size + 1, 3)],
      ],
      [[shape, new Float32Array(size)]],
      {},
    );
  }
});

test.run();
