// The fast spatial kernels against plain reference loops on random shapes: conv2d and its
// gradients (im2col + GEMM, col2im) with odd sizes, strides, dilation, same/asymmetric padding,
// 1x1 pointwise convolutions, inputs large enough to span several pixel blocks, `accumulate`,
// and identical results run to run; the pooling kernels and the broadcasting binary kernels
// (bias over the last axis, scalar, full, in place) must match scalar loops exactly.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { KernelAttrs } from "../../../../../interpreter/backends/backend.ts";
import { binaryKernels } from "../../../../../interpreter/backends/cpu/kernels/binary.ts";
import { convKernels } from "../../../../../interpreter/backends/cpu/kernels/conv2d.ts";
import { globalPoolKernels } from "../../../../../interpreter/backends/cpu/kernels/pool-global.ts";
import { poolKernels } from "../../../../../interpreter/backends/cpu/kernels/pool2d.ts";
import type { CpuArray, CpuKernel } from "../../../../../interpreter/backends/cpu/kernel.ts";
import { WasmRuntime } from "../../../../../interpreter/backends/cpu/wasm/runtime.ts";
import { int, rng } from "../../../../helpers/seeded-random.ts";

function random(size: number, next: () => number, zeros = 0): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = next() < zeros ? 0 : next() * 2 - 1;
  return out;
}

const wasm = WasmRuntime.create();

/**
 * Whether kernel() runs on copies on the wasm heap, as the backend's tensors are (the GEMM then
 * reads them in place), instead of on plain Float32Arrays (packed into the scratch space).
 */
let onHeap = false;

function kernel(
  table: Readonly<Record<string, CpuKernel>>,
  name: string,
): { run(inputs: CpuArray[], outputs: CpuArray[], attrs: KernelAttrs): void } {
  const found = table[name]!;
  return {
    run(inputs, outputs, attrs) {
      if (!onHeap) return found.run(inputs, outputs, attrs, wasm);
      // Placed on the heap as the backend's tensors are: the runtime renews each holder's view
      // when the memory grows (as a kernel's scratch buffers may make it), so views are read late.
      const heap = [...inputs, ...outputs].map((array) => {
        const holder = { data: new Float32Array(0), shape: array.shape };
        wasm!.alloc(holder, array.data.length);
        return holder;
      });
      heap.forEach((holder, i) => holder.data.set([...inputs, ...outputs][i]!.data));
      found.run(heap.slice(0, inputs.length), heap.slice(inputs.length), attrs, wasm);
      outputs.forEach((array, i) => (array.data as Float32Array).set(heap[inputs.length + i]!.data));
    },
  };
}

interface Conv {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  oc: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  pt: number;
  pl: number;
}

function attrsOf(g: Conv, accumulate = false): KernelAttrs {
  return { strides: [g.sh, g.sw], dilation: [g.dh, g.dw], pad: [g.pt, g.pl], accumulate };
}

/** Calls visit(yIndex, xIndex, kIndex) for every product term of the convolution (taps inside x only). */
function forEachTerm(g: Conv, visit: (y: number, x: number, k: number) => void): void {
  for (let b = 0; b < g.n; b++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++)
        for (let p = 0; p < g.kh; p++)
          for (let q = 0; q < g.kw; q++) {
            const ih = i * g.sh + p * g.dh - g.pt;
            const iw = j * g.sw + q * g.dw - g.pl;
            if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
            for (let ch = 0; ch < g.c; ch++)
              for (let o = 0; o < g.oc; o++)
                visit(
                  ((b * g.oh + i) * g.ow + j) * g.oc + o,
                  ((b * g.h + ih) * g.w + iw) * g.c + ch,
                  ((p * g.kw + q) * g.c + ch) * g.oc + o,
                );
          }
}

/** |actual - expected| within a few float32 ulps of the sum of |terms| (plus the initial value). */
function assertNear(actual: Float32Array, expected: Float64Array, magnitude: Float64Array, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const allowed = 1e-5 * magnitude[i]! + 1e-6;
    if (!(Math.abs(actual[i]! - expected[i]!) <= allowed))
      assert.unreachable(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (±${allowed})`);
  }
}

function checkConv(g: Conv, seed: number, what: string): void {
  const next = rng(seed);
  const xSize = g.n * g.h * g.w * g.c;
  const ySize = g.n * g.oh * g.ow * g.oc;
  const kSize = g.kh * g.kw * g.c * g.oc;
  const x = random(xSize, next, 0.3);
  const k = random(kSize, next);
  const dy = random(ySize, next, 0.2);
  const xShape = [g.n, g.h, g.w, g.c];
  const yShape = [g.n, g.oh, g.ow, g.oc];
  const kShape = [g.kh, g.kw, g.c, g.oc];
  for (const accumulate of [false, true]) {
    const y0 = accumulate ? random(ySize, next) : new Float32Array(ySize);
    const dx0 = accumulate ? random(xSize, next) : new Float32Array(xSize);
    const dk0 = accumulate ? random(kSize, next) : new Float32Array(kSize);
    const [ey, my] = [new Float64Array(ySize), new Float64Array(ySize)];
    const [edx, mdx] = [Float64Array.from(dx0), Float64Array.from(dx0, Math.abs)];
    const [edk, mdk] = [Float64Array.from(dk0), Float64Array.from(dk0, Math.abs)];
    forEachTerm(g, (yi, xi, ki) => {
      ey[yi] = ey[yi]! + x[xi]! * k[ki]!;
      my[yi] = my[yi]! + Math.abs(x[xi]! * k[ki]!);
      edx[xi] = edx[xi]! + dy[yi]! * k[ki]!;
      mdx[xi] = mdx[xi]! + Math.abs(dy[yi]! * k[ki]!);
      edk[ki] = edk[ki]! + x[xi]! * dy[yi]!;
      mdk[ki] = mdk[ki]! + Math.abs(x[xi]! * dy[yi]!);
    });
    const runs: Float32Array[][] = [];
    for (let round = 0; round < 2; round++) {
      const y = accumulate ? y0.slice() : random(ySize, next); // conv2d overwrites y
      const dx = accumulate ? dx0.slice() : random(xSize, next);
      const dk = accumulate ? dk0.slice() : random(kSize, next);
      kernel(convKernels, "conv2d").run(
        [
          { data: x, shape: xShape },
          { data: k, shape: kShape },
        ],
        [{ data: y, shape: yShape }],
        attrsOf(g),
      );
      kernel(convKernels, "conv2d_grad_input").run(
        [
          { data: dy, shape: yShape },
          { data: k, shape: kShape },
        ],
        [{ data: dx, shape: xShape }],
        attrsOf(g, accumulate),
      );
      kernel(convKernels, "conv2d_grad_filter").run(
        [
          { data: x, shape: xShape },
          { data: dy, shape: yShape },
        ],
        [{ data: dk, shape: kShape }],
        attrsOf(g, accumulate),
      );
      runs.push([y, dx, dk]);
    }
    const [[y, dx, dk], again] = runs as [Float32Array[], Float32Array[]];
    assertNear(y!, ey, my, `${what} conv2d`);
    assertNear(dx!, edx, mdx, `${what} conv2d_grad_input${accumulate ? " accumulate" : ""}`);
    assertNear(dk!, edk, mdk, `${what} conv2d_grad_filter${accumulate ? " accumulate" : ""}`);
    for (let t = 0; t < 3; t++)
      assert.ok(
        runs[0]![t]!.every((v, i) => Object.is(v, again![t]![i])),
        `${what}: identical run to run`,
      );
  }
}

function randomConv(next: () => number, same: boolean): Conv {
  const kh = int(next, 1, 4),
    kw = int(next, 1, 4);
  const sh = int(next, 1, 2),
    sw = int(next, 1, 2);
  const dh = same ? 1 : int(next, 1, 2),
    dw = same ? 1 : int(next, 1, 2);
  const h = int(next, 1, 12),
    w = int(next, 1, 12);
  let oh: number, ow: number, pt: number, pl: number;
  if (same) {
    oh = Math.ceil(h / sh);
    ow = Math.ceil(w / sw);
    pt = Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2);
    pl = Math.floor(Math.max((ow - 1) * sw + kw - w, 0) / 2);
  } else {
    pt = int(next, 0, kh - 1);
    pl = int(next, 0, kw - 1);
    const pb = int(next, 0, kh - 1),
      pr = int(next, 0, kw - 1);
    oh = Math.floor((h + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
    ow = Math.floor((w + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  }
  return {
    n: int(next, 1, 3),
    h,
    w,
    c: int(next, 1, 9),
    oh: Math.max(oh, 1),
    ow: Math.max(ow, 1),
    oc: int(next, 1, 11),
    kh,
    kw,
    sh,
    sw,
    dh,
    dw,
    pt,
    pl,
  };
}

test("conv2d kernels match reference loops on random shapes (valid/asymmetric padding, stride 2, dilation)", () => {
  const next = rng(1);
  for (let t = 0; t < 40; t++) {
    const g = randomConv(next, false);
    checkConv(g, 100 + t, `case ${t} ${JSON.stringify(g)}`);
  }
});

test("conv2d kernels match reference loops with same padding", () => {
  const next = rng(2);
  for (let t = 0; t < 25; t++) {
    const g = randomConv(next, true);
    checkConv(g, 200 + t, `same ${t} ${JSON.stringify(g)}`);
  }
});

test("conv2d kernels: pointwise 1x1, conv1d as height 1, and inputs spanning several pixel blocks", () => {
  const base = { sh: 1, sw: 1, dh: 1, dw: 1, pt: 0, pl: 0 };
  checkConv({ ...base, n: 2, h: 5, w: 7, c: 13, oh: 5, ow: 7, oc: 9, kh: 1, kw: 1 }, 300, "pointwise");
  checkConv({ ...base, n: 2, h: 1, w: 17, c: 5, oh: 1, ow: 13, oc: 6, kh: 1, kw: 5, pl: 1, sw: 1 }, 301, "conv1d");
  // 3 * 40 * 40 = 4800 output pixels of 3*3*32 = 288 values: more than one block of columns.
  checkConv({ ...base, n: 3, h: 42, w: 42, c: 32, oh: 40, ow: 40, oc: 5, kh: 3, kw: 3 }, 302, "several blocks");
});

test("conv2d kernels on the wasm heap (the GEMM's direct path, ragged row tiles) match reference loops", () => {
  onHeap = true;
  try {
    const next = rng(4);
    for (let t = 0; t < 30; t++) {
      const g = randomConv(next, t % 2 === 0);
      checkConv(g, 400 + t, `heap ${t} ${JSON.stringify(g)}`);
    }
    const base = { sh: 1, sw: 1, dh: 1, dw: 1, pt: 0, pl: 0 };
    checkConv({ ...base, n: 2, h: 5, w: 7, c: 13, oh: 5, ow: 7, oc: 9, kh: 1, kw: 1 }, 430, "heap pointwise");
    checkConv({ ...base, n: 3, h: 42, w: 42, c: 32, oh: 40, ow: 40, oc: 5, kh: 3, kw: 3 }, 431, "heap several blocks");
    checkConv({ ...base, n: 3, h: 30, w: 30, c: 1, oh: 28, ow: 28, oc: 32, kh: 3, kw: 3 }, 432, "heap first conv, 9 rows");
    // Winograd F(2x2, 3x3): 3x3, stride 1, output channels in whole panels; odd outputs and
    // input channels that are not whole vectors are padded.
    checkConv({ ...base, n: 2, h: 6, w: 8, c: 4, oh: 6, ow: 8, oc: 8, kh: 3, kw: 3, pt: 1, pl: 1 }, 433, "heap winograd same");
    checkConv({ ...base, n: 1, h: 10, w: 8, c: 8, oh: 8, ow: 6, oc: 16, kh: 3, kw: 3 }, 434, "heap winograd valid");
    checkConv({ ...base, n: 2, h: 5, w: 7, c: 12, oh: 4, ow: 6, oc: 8, kh: 3, kw: 3, pt: 1, pl: 0 }, 435, "heap winograd asymmetric");
    checkConv(
      { ...base, n: 1, h: 28, w: 28, c: 32, oh: 28, ow: 28, oc: 32, kh: 3, kw: 3, pt: 1, pl: 1 },
      436,
      "heap winograd resnet layer",
    );
    checkConv(
      { ...base, n: 2, h: 13, w: 13, c: 32, oh: 11, ow: 11, oc: 64, kh: 3, kw: 3 },
      437,
      "heap winograd odd valid (the CNN's second layer)",
    );
    checkConv(
      { ...base, n: 2, h: 28, w: 28, c: 1, oh: 26, ow: 26, oc: 32, kh: 3, kw: 3 },
      438,
      "heap winograd one channel (the CNN's first layer)",
    );
    checkConv(
      { ...base, n: 3, h: 7, w: 6, c: 3, oh: 7, ow: 6, oc: 8, kh: 3, kw: 3, pt: 1, pl: 1 },
      439,
      "heap winograd odd same, 3 channels",
    );
    checkConv(
      { ...base, n: 2, h: 7, w: 5, c: 8, oh: 7, ow: 5, oc: 8, kh: 3, kw: 3, pt: 1, pl: 1 },
      440,
      "heap winograd odd same, input gradient too",
    );
  } finally {
    onHeap = false;
  }
});

/** The windows of a pool as scalar loops: visit(yIndex, xIndices in row-major window order). */
function poolReference(g: Conv, visit: (y: number, xs: number[]) => void): void {
  for (let b = 0; b < g.n; b++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++)
        for (let ch = 0; ch < g.c; ch++) {
          const xs: number[] = [];
          for (let p = 0; p < g.kh; p++)
            for (let q = 0; q < g.kw; q++) {
              const ih = i * g.sh + p - g.pt;
              const iw = j * g.sw + q - g.pl;
              if (ih >= 0 && ih < g.h && iw >= 0 && iw < g.w) xs.push(((b * g.h + ih) * g.w + iw) * g.c + ch);
            }
          visit(((b * g.oh + i) * g.ow + j) * g.c + ch, xs);
        }
}

test("pooling kernels match scalar loops exactly (ties to the first maximum, padding, stride, accumulate)", () => {
  const next = rng(3);
  for (let t = 0; t < 40; t++) {
    const kh = int(next, 1, 3),
      kw = int(next, 1, 3),
      sh = int(next, 1, 3),
      sw = int(next, 1, 3);
    const h = int(next, 1, 11),
      w = int(next, 1, 11),
      n = int(next, 1, 3),
      c = int(next, 1, 7);
    const pt = int(next, 0, kh - 1),
      pl = int(next, 0, kw - 1);
    const oh = Math.max(Math.floor((h + pt - kh) / sh) + 1, 1),
      ow = Math.max(Math.floor((w + pl - kw) / sw) + 1, 1);
    const g: Conv = { n, h, w, c, oh, ow, oc: c, kh, kw, sh, sw, dh: 1, dw: 1, pt, pl };
    const x = random(n * h * w * c, next).map((v) => Math.round(v * 4) / 4); // ties
    const dy = random(n * oh * ow * c, next);
    const xShape = [n, h, w, c],
      yShape = [n, oh, ow, c];
    const accumulate = t % 2 === 1;
    const attrs = { pool: [kh, kw], strides: [sh, sw], pad: [pt, pl], accumulate };
    const dx0 = accumulate ? random(x.length, next) : new Float32Array(x.length);
    const [emax, eavg, edmax, edavg] = [new Float32Array(dy.length), new Float32Array(dy.length), dx0.slice(), dx0.slice()];
    poolReference(g, (yi, xs) => {
      let best = -1;
      let sum = 0;
      for (const xi of xs) {
        if (best < 0 || x[xi]! > x[best]!) best = xi;
        sum += x[xi]!;
      }
      emax[yi] = best < 0 ? 0 : x[best]!;
      eavg[yi] = xs.length > 0 ? sum / xs.length : 0;
      if (best >= 0) edmax[best] = edmax[best]! + dy[yi]!;
      for (const xi of xs) edavg[xi] = edavg[xi]! + dy[yi]! / xs.length;
    });
    const out = (name: string, inputs: Float32Array[], shapes: number[][], initial: Float32Array, shape: number[]) => {
      const o = initial.slice();
      kernel(poolKernels, name).run(
        inputs.map((data, i) => ({ data, shape: shapes[i]! })),
        [{ data: o, shape }],
        attrs,
      );
      return o;
    };
    const what = `pool case ${t} ${JSON.stringify(attrs)} [${xShape}]`;
    assert.equal(out("maxpool2d", [x], [xShape], new Float32Array(dy.length), yShape), emax, `${what} maxpool2d`);
    assert.equal(out("avgpool2d", [x], [xShape], new Float32Array(dy.length), yShape), eavg, `${what} avgpool2d`);
    assert.equal(
      out("maxpool2d_grad", [x, dy], [xShape, yShape], accumulate ? dx0 : random(x.length, next), xShape),
      edmax,
      `${what} maxpool2d_grad`,
    );
    assert.equal(out("avgpool2d_grad", [dy], [yShape], accumulate ? dx0 : random(x.length, next), xShape), edavg, `${what} avgpool2d_grad`);
  }
});

test("global average pooling on the wasm heap gives the loops' bits; both match the mean and its gradient", () => {
  const next = rng(5);
  for (const [n, h, w, c] of [
    [3, 5, 7, 8],
    [2, 28, 28, 32],
    [1, 1, 1, 4],
    [2, 3, 4, 5],
  ] as const) {
    const positions = h * w;
    const x = random(n * positions * c, next);
    const dy = random(n * c, next);
    for (const accumulate of [false, true]) {
      const dx0 = accumulate ? random(x.length, next) : new Float32Array(x.length);
      const run = (heap: boolean) => {
        onHeap = heap;
        try {
          const y = random(n * c, next);
          const dx = accumulate ? dx0.slice() : random(x.length, next);
          kernel(globalPoolKernels, "global_avgpool").run([{ data: x, shape: [n, h, w, c] }], [{ data: y, shape: [n, c] }], {});
          kernel(globalPoolKernels, "global_avgpool_grad").run([{ data: dy, shape: [n, c] }], [{ data: dx, shape: [n, h, w, c] }], {
            accumulate,
          });
          return [y, dx] as const;
        } finally {
          onHeap = false;
        }
      };
      const [plain, heap] = [run(false), run(true)];
      const what = `[${n}, ${h}, ${w}, ${c}]${accumulate ? " accumulate" : ""}`;
      assert.ok(
        plain[0].every((v, i) => Object.is(v, heap[0][i])),
        `${what}: global_avgpool bits`,
      );
      assert.ok(
        plain[1].every((v, i) => Object.is(v, heap[1][i])),
        `${what}: global_avgpool_grad bits`,
      );
      for (let b = 0; b < n; b++)
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let p = 0; p < positions; p++) sum += x[(b * positions + p) * c + ch]!;
          assert.ok(Math.abs(heap[0][b * c + ch]! - sum / positions) < 1e-6, `${what}: mean of example ${b} channel ${ch}`);
          for (const p of [0, positions - 1]) {
            const i = (b * positions + p) * c + ch;
            assert.ok(Math.abs(heap[1][i]! - (dx0[i]! + dy[b * c + ch]! / positions)) < 1e-6, `${what}: gradient at ${i}`);
          }
        }
    }
  }
});

test("binary kernels match scalar loops exactly: full, bias over the last axis, scalar, accumulate, in place", () => {
  const next = rng(4);
  const ops: Record<string, (a: number, b: number) => number> = {
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    div: (a, b) => a / b,
  };
  for (const [name, f] of Object.entries(ops)) {
    for (const [rows, n] of [
      [1, 7],
      [13, 5],
      [9, 1],
      [6, 32],
      [1, 1],
    ] as const) {
      for (const accumulate of [false, true]) {
        const a = random(rows * n, next);
        const bFull = random(rows * n, next).map((v) => v + 2);
        const bRow = random(n, next).map((v) => v + 2);
        for (const b of [bFull, bRow]) {
          const initial = random(rows * n, next);
          const expected = initial.slice();
          for (let i = 0; i < expected.length; i++) {
            const v = f(a[i]!, b[i % b.length]!);
            expected[i] = accumulate ? expected[i]! + v : v;
          }
          const out = initial.slice();
          kernel(binaryKernels, name).run(
            [
              { data: a, shape: [rows, n] },
              { data: b, shape: [b.length] },
            ],
            [{ data: out, shape: [rows, n] }],
            { accumulate },
          );
          assert.equal(out, expected, `${name} [${rows}, ${n}] by [${b.length}] accumulate=${accumulate}`);
          if (!accumulate) {
            const inPlace = a.slice();
            kernel(binaryKernels, name).run(
              [
                { data: inPlace, shape: [rows, n] },
                { data: b, shape: [b.length] },
              ],
              [{ data: inPlace, shape: [rows, n] }],
              {},
            );
            assert.equal(inPlace, expected, `${name} in place`);
          }
        }
      }
    }
  }
  assert.throws(() =>
    kernel(binaryKernels, "add").run(
      [
        { data: new Float32Array(6), shape: [6] },
        { data: new Float32Array(4), shape: [4] },
      ],
      [{ data: new Float32Array(6), shape: [6] }],
      {},
    ),
  );
});

test.run();
