// The WebAssembly im2col / col2im_add kernels (wasm/im2col-kernel.ts) against the JavaScript
// loops they replace (kernels/im2col.ts), bit for bit, on random odd geometries: channels not a
// multiple of 4, strides, dilation, padding, blocks starting mid-image.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { col2imAdd, im2col } from "../../../../../interpreter/backends/cpu/kernels/im2col.ts";
import { IM2COL_SLACK } from "../../../../../interpreter/backends/cpu/wasm/im2col-kernel.ts";
import { WasmRuntime } from "../../../../../interpreter/backends/cpu/wasm/runtime.ts";
import type { WindowGeometry } from "../../../../../interpreter/backends/shared/conv-geometry.ts";
import { int, rng } from "../../../../helpers/seeded-random.ts";

test("im2col and col2im_add: the wasm kernels give the JavaScript loops' bits", () => {
  const wasm = WasmRuntime.create()!;
  assert.ok(wasm);
  const next = rng(11);
  for (let t = 0; t < 60; t++) {
    const kh = int(next, 1, 3),
      kw = int(next, 1, 3),
      sh = int(next, 1, 2),
      sw = int(next, 1, 2),
      dh = int(next, 1, 2),
      dw = int(next, 1, 2);
    const h = int(next, 1, 9),
      w = int(next, 1, 9),
      c = int(next, 1, 9),
      n = int(next, 1, 3);
    const pt = int(next, 0, kh - 1),
      pl = int(next, 0, kw - 1);
    const oh = Math.max(1, Math.floor((h + 2 * pt - dh * (kh - 1) - 1) / sh) + 1);
    const ow = Math.max(1, Math.floor((w + 2 * pl - dw * (kw - 1) - 1) / sw) + 1);
    const g: WindowGeometry = { n, h, w, c, oh, ow, oc: 1, kh, kw, sh, sw, dh, dw, pt, pl };
    const pixels = n * oh * ow;
    const first = int(next, 0, pixels - 1);
    const count = int(next, 1, pixels - first);
    const rows = kh * kw * c;
    const x = Float32Array.from({ length: n * h * w * c }, () => next() * 2 - 1);
    const colValues = Float32Array.from({ length: count * rows }, () => next() * 2 - 1);
    const holders = [x.length, count * rows + IM2COL_SLACK, x.length].map((size) => {
      const holder = { data: new Float32Array(0) };
      wasm.alloc(holder, size);
      return holder;
    });
    const [heapX, heapCol, heapDx] = holders.map((h) => h.data) as [Float32Array, Float32Array, Float32Array];
    heapX.set(x);
    const plainCol = new Float32Array(count * rows);
    im2col(undefined, x, g, first, count, plainCol);
    im2col(wasm, heapX, g, first, count, heapCol);
    const what = `case ${t} ${JSON.stringify({ ...g, first, count })}`;
    assert.equal(Array.from(heapCol.subarray(0, count * rows)), Array.from(plainCol), `${what} im2col`);
    const dx = Float32Array.from(x);
    heapDx.set(x);
    heapCol.set(colValues);
    col2imAdd(undefined, dx, g, first, count, colValues);
    col2imAdd(wasm, heapDx, g, first, count, heapCol);
    assert.ok(
      heapDx.every((v, i) => Object.is(v, dx[i])),
      `${what} col2im_add`,
    );
  }
});

test.run();
