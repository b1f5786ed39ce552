// The WebAssembly maxpool / maxpool_grad kernels (wasm/maxpool-kernel.ts) against the JavaScript
// loops they replace (kernels/pool2d.ts), bit for bit, on random odd geometries: strides wider
// and narrower than the window, padding up to windows that lie wholly in it, ties (first maximum
// wins), NaN and -Infinity inputs, several images, gradients added onto nonzero dx.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { maxpoolBackward, maxpoolForward } from "../../../../../interpreter/backends/cpu/kernels/pool2d.ts";
import { WasmRuntime } from "../../../../../interpreter/backends/cpu/wasm/runtime.ts";
import type { WindowGeometry } from "../../../../../interpreter/backends/shared/conv-geometry.ts";
import { int, rng } from "../../../../helpers/seeded-random.ts";

/** Mostly a few levels (ties), sometimes NaN, -Infinity or -0. */
function value(next: () => number): number {
  const u = next();
  if (u < 0.03) return NaN;
  if (u < 0.06) return -Infinity;
  if (u < 0.08) return -0;
  return u < 0.5 ? int(next, -2, 2) : next() * 2 - 1;
}

const sameBits = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

test("maxpool and maxpool_grad: the wasm kernels give the JavaScript loops' bits", () => {
  const wasm = WasmRuntime.create()!;
  assert.ok(wasm);
  const next = rng(7);
  let empty = 0;
  for (let t = 0; t < 80; t++) {
    const kh = int(next, 1, 3),
      kw = int(next, 1, 3),
      sh = int(next, 1, 3),
      sw = int(next, 1, 3);
    const h = int(next, 1, 9),
      w = int(next, 1, 9),
      c = 4 * int(next, 1, 4),
      n = int(next, 1, 3);
    const pt = int(next, 0, kh),
      pl = int(next, 0, kw);
    const oh = Math.max(1, Math.floor((h + 2 * pt - kh) / sh) + 1);
    const ow = Math.max(1, Math.floor((w + 2 * pl - kw) / sw) + 1);
    const g: WindowGeometry = { n, h, w, c, oh, ow, oc: c, kh, kw, sh, sw, dh: 1, dw: 1, pt, pl };
    if (pt >= kh || pl >= kw) empty++;
    const x = Float32Array.from({ length: n * h * w * c }, () => value(next));
    const dy = Float32Array.from({ length: n * oh * ow * c }, () => next() * 2 - 1);
    const dx = Float32Array.from({ length: x.length }, () => next() - 0.5);
    const [heapX, heapY, heapDy, heapDx] = [x.length, dy.length, dy.length, x.length].map((size) => {
      const holder = { data: new Float32Array(0) };
      wasm.alloc(holder, size);
      return holder.data;
    }) as [Float32Array, Float32Array, Float32Array, Float32Array];
    heapX.set(x);
    heapDy.set(dy);
    heapDx.set(dx);
    const what = `case ${t} ${JSON.stringify(g)}`;
    const y = new Float32Array(dy.length);
    maxpoolForward(undefined, x, g, y);
    heapY.fill(NaN);
    maxpoolForward(wasm, heapX, g, heapY);
    assert.ok(sameBits(heapY, y), `${what} maxpool`);
    maxpoolBackward(undefined, x, g, dy, dx);
    maxpoolBackward(wasm, heapX, g, heapDy, heapDx);
    assert.ok(sameBits(heapDx, dx), `${what} maxpool_grad`);
  }
  assert.ok(empty > 0, "some cases have windows wholly in the padding");
});

test.run();
