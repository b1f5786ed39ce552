// The spatial CPU kernels on their own: conv2d against a naive reference that pads explicitly
// (NHWC and NWC, strides, dilation, padding before from `pad`, after from the output shape),
// every gradient kernel honouring `accumulate`, and shape mismatches refused.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Shape } from "../../../../../interpreter/backends/backend.ts";
import { sizeOf } from "../../../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../../../interpreter/backends/cpu/cpu-backend.ts";
import type { GradientKernelName, KernelAttrsOf, KernelName } from "../../../../../interpreter/backends/kernel-names.ts";
import { assertClose } from "../../../../helpers/conformance.ts";
import { randomData } from "../../../autograd/harness.ts";

const backend = new CpuBackend();

function run<K extends KernelName>(
  kernel: K,
  inputs: { shape: Shape; data: ArrayLike<number> }[],
  out: Shape,
  attrs?: KernelAttrsOf<K>,
  initial?: ArrayLike<number>,
): Promise<Float32Array> {
  const tensors = inputs.map(({ shape, data }) => {
    const t = backend.alloc(shape);
    backend.write(t, data);
    return t;
  });
  const y = backend.alloc(out);
  if (initial) backend.write(y, initial);
  backend.run(kernel, tensors, [y], attrs);
  return backend.read(y);
}

/** y by the definition: x padded with pt/pl zeros before (and enough after), strided dilated windows. */
type Four = [number, number, number, number];
type Two = [number, number];

function naiveConv(
  x: ArrayLike<number>,
  [n, h, w, c]: Four,
  k: ArrayLike<number>,
  [kh, kw, , o]: Four,
  [oh, ow]: Two,
  s: Two,
  d: Two,
  [pt, pl]: Two,
): number[] {
  const at = (b: number, i: number, j: number, ch: number) => (i < 0 || i >= h || j < 0 || j >= w ? 0 : x[((b * h + i) * w + j) * c + ch]!);
  const y: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let u = 0; u < o; u++) {
          let sum = 0;
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++)
              for (let ch = 0; ch < c; ch++)
                sum += at(b, i * s[0] + p * d[0] - pt, j * s[1] + q * d[1] - pl, ch) * k[((p * kw + q) * c + ch) * o + u]!;
          y.push(sum);
        }
  return y;
}

test("conv2d matches the definition: strides, dilation, asymmetric padding, NWC as height 1", async () => {
  const x = randomData([2, 6, 7, 3], 1);
  const k = randomData([3, 2, 3, 4], 2);
  const attrs = { strides: [2, 1], dilation: [1, 2], pad: [1, 0] };
  const y = await run("conv2d", [x, k], [2, 3, 6, 4], attrs);
  assertClose(y, naiveConv(x.data, [2, 6, 7, 3], k.data, [3, 2, 3, 4], [3, 6], [2, 1], [1, 2], [1, 0]), "conv2d");
  const x1 = randomData([2, 9, 2], 3);
  const k1 = randomData([3, 2, 5], 4);
  const y1 = await run("conv2d", [x1, k1], [2, 5, 5], { strides: [1, 2], pad: [0, 2] });
  assertClose(y1, naiveConv(x1.data, [2, 1, 9, 2], k1.data, [1, 3, 2, 5], [1, 5], [1, 2], [1, 1], [0, 2]), "conv1d as height 1");
});

test("gradient kernels add into their output when `accumulate` is set", async () => {
  const ones = (shape: Shape) => new Float32Array(sizeOf(shape)).fill(1);
  const x = randomData([1, 5, 5, 2], 5);
  const dy4 = randomData([1, 3, 3, 3], 6);
  const k = randomData([3, 3, 2, 3], 7);
  const conv = { pad: [1, 1], strides: [2, 2] };
  const cases: [GradientKernelName, { shape: Shape; data: ArrayLike<number> }[], Shape, KernelAttrsOf<GradientKernelName>][] = [
    ["conv2d_grad_input", [dy4, k], x.shape, conv],
    ["conv2d_grad_filter", [x, dy4], k.shape, conv],
    ["maxpool2d_grad", [x, randomData([1, 3, 3, 2], 8)], x.shape, { pool: [2, 2], strides: [2, 2] }],
    ["avgpool2d_grad", [randomData([1, 3, 3, 2], 9)], x.shape, { pool: [2, 2], strides: [2, 2] }],
    ["global_avgpool_grad", [randomData([1, 2], 10)], x.shape, {}],
    ["global_maxpool_grad", [x, randomData([1, 2], 11)], x.shape, {}],
    ["pad2d_grad", [randomData([1, 7, 6, 2], 12)], x.shape, { pad: [1, 0] }],
    ["upsample2d_grad", [randomData([1, 10, 5, 2], 13)], x.shape, { size: [2, 1] }],
  ];
  for (const [kernel, inputs, out, attrs] of cases) {
    const fresh = await run(kernel, inputs, out, attrs, ones(out));
    const added = await run(kernel, inputs, out, { ...attrs, accumulate: true }, ones(out));
    assertClose(
      added,
      fresh.map((v) => v + 1),
      `${kernel} accumulate`,
    );
  }
});

test("pad2d and upsample2d: known values", async () => {
  const x = { shape: [1, 2, 2, 1], data: [1, 2, 3, 4] };
  assert.equal([...(await run("pad2d", [x], [1, 3, 4, 1], { pad: [1, 1] }))], [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0]);
  assert.equal([...(await run("upsample2d", [x], [1, 2, 4, 1], { size: [1, 2] }))], [1, 1, 2, 2, 3, 3, 4, 4]);
});

test("shapes that do not agree are refused", () => {
  const t = (shape: Shape) => backend.alloc(shape);
  assert.throws(() => backend.run("conv2d", [t([1, 5, 5, 2]), t([3, 3, 3, 4])], [t([1, 3, 3, 4])]), /does not map/);
  assert.throws(() => backend.run("conv2d", [t([2, 5, 5, 2]), t([3, 3, 2, 4])], [t([1, 3, 3, 4])]), /batch/);
  assert.throws(() => backend.run("maxpool2d", [t([1, 4, 4, 2])], [t([1, 2, 2, 3])]), /different channels/);
  assert.throws(() => backend.run("global_avgpool", [t([1, 4, 4, 2])], [t([1, 3])]), /cannot pool/);
  assert.throws(() => backend.run("pad2d", [t([1, 4, 4, 2])], [t([1, 4, 5, 2])], { pad: [1, 0] }), /does not fit/);
  assert.throws(() => backend.run("upsample2d", [t([1, 4, 4, 2])], [t([1, 8, 7, 2])]), /is not/);
});

test.run();
