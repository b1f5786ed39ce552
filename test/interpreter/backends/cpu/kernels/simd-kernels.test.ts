// The WebAssembly SIMD kernels (tensors on the heap) against the JavaScript loops they
// replace, on odd sizes: Adam within float32 rounding, relu exactly.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../../../interpreter/backends/cpu/cpu-backend.ts";
import { activationKernels } from "../../../../../interpreter/backends/cpu/kernels/activations.ts";
import { adamUpdate } from "../../../../../interpreter/backends/cpu/kernels/optimizer-adam.ts";

function random(size: number, seed: number, scale: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: size }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * scale;
  });
}

test("adam_update: the SIMD kernel matches the JavaScript loop within float32 rounding", async () => {
  const backend = new CpuBackend();
  for (const size of [1, 3, 4, 5, 17, 1001]) {
    for (const t of [1, 2, 50]) {
      const attrs = { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, t };
      const w = random(size, size + t, 2);
      const g = random(size, 7 * size + t, 0.1);
      const m = random(size, 3 * size + t, 0.01);
      const v = random(size, 5 * size + t, 0.001).map(Math.abs);
      const tensors = [w, g, m, v].map((values) => {
        const tensor = backend.alloc([size]);
        backend.write(tensor, values);
        return tensor;
      });
      const [tw, tg, tm, tv] = tensors;
      backend.run("adam_update", [tw!, tg!, tm!, tv!], [tw!, tm!, tv!], attrs);
      const expected = [w.slice(), m.slice(), v.slice()];
      const plain = (data: Float32Array) => ({ data, shape: [size] });
      adamUpdate.run([plain(expected[0]!), plain(g), plain(expected[1]!), plain(expected[2]!)], expected.map(plain), attrs, undefined);
      const actual = await Promise.all([tw!, tm!, tv!].map((tensor) => backend.read(tensor)));
      // A few float32 ulps of the terms each output sums (m and v can cancel to near zero).
      const bounds = [
        (i: number) => 3e-7 * Math.abs(w[i]!) + 1e-6 * Math.abs(w[i]! - expected[0]![i]!),
        (i: number) => 3e-7 * (0.9 * Math.abs(m[i]!) + 0.1 * Math.abs(g[i]!)),
        (i: number) => 3e-7 * (0.999 * v[i]! + 0.001 * g[i]! * g[i]!),
      ];
      actual.forEach((values, which) => {
        values.forEach((value, i) => {
          const reference = expected[which]![i]!;
          assert.ok(
            Math.abs(value - reference) <= bounds[which]!(i),
            `size ${size} t ${t} output ${which}[${i}]: ${value} vs ${reference}`,
          );
        });
      });
    }
  }
});

test("relu and relu_grad: the SIMD kernels match the JavaScript loops exactly, NaN included", async () => {
  const backend = new CpuBackend();
  const plainKernel = (name: "relu" | "relu_grad") => activationKernels[name];
  for (const size of [1, 3, 4, 5, 17, 1001]) {
    const x = random(size, size, 2);
    x[0] = NaN;
    if (size > 2) x[2] = -0;
    const dy = random(size, 3 * size, 1);
    const dx0 = random(size, 5 * size, 1);
    for (const accumulate of [false, true]) {
      const [tx, tdy, ty, tdx] = [x, dy, new Float32Array(size), dx0].map((values) => {
        const tensor = backend.alloc([size]);
        backend.write(tensor, values);
        return tensor;
      });
      backend.run("relu", [tx!], [ty!]);
      backend.run("relu_grad", [tx!, ty!, tdy!], [tdx!], { accumulate });
      const plain = (data: Float32Array) => ({ data, shape: [size] });
      const y = new Float32Array(size);
      plainKernel("relu").run([plain(x)], [plain(y)], {}, undefined);
      const dx = dx0.slice();
      plainKernel("relu_grad").run([plain(x), plain(y), plain(dy)], [plain(dx)], { accumulate }, undefined);
      assert.equal(Array.from(await backend.read(ty!)).map(String), Array.from(y).map(String), `relu size ${size}`);
      assert.equal(
        Array.from(await backend.read(tdx!)).map(String),
        Array.from(dx).map(String),
        `relu_grad size ${size} accumulate ${accumulate}`,
      );
    }
  }
});

test.run();
