// The WebAssembly SIMD kernels (tensors on the heap) against the JavaScript loops they
// replace, on odd sizes: Adam and the batchnorm forward pass within float32 rounding; relu, the
// bias add and the bias gradient exactly.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../../../interpreter/backends/cpu/cpu-backend.ts";
import { activationKernels } from "../../../../../interpreter/backends/cpu/kernels/activations.ts";
import { batchnormKernel } from "../../../../../interpreter/backends/cpu/kernels/batchnorm.ts";
import { biasGradKernel } from "../../../../../interpreter/backends/cpu/kernels/bias-grad.ts";
import { binaryKernels } from "../../../../../interpreter/backends/cpu/kernels/binary.ts";
import { adamUpdate } from "../../../../../interpreter/backends/cpu/kernels/optimizer-adam.ts";
import type { Tensor } from "../../../../../interpreter/backends/backend.ts";

/** Tensors of `backend` holding `values` with these shapes. */
function tensors(backend: CpuBackend, ...pairs: [number[], Float32Array][]): Tensor[] {
  return pairs.map(([shape, values]) => {
    const tensor = backend.alloc(shape);
    backend.write(tensor, values);
    return tensor;
  });
}

const bits = (values: Float32Array) => Array.from(values).map(String);

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

test("add (a bias over the last axis, in place too) and bias_grad: the SIMD kernels give the loops' bits", async () => {
  const backend = new CpuBackend();
  for (const [rows, n] of [
    [1, 4],
    [7, 12],
    [33, 32],
    [5, 3],
    [4, 1],
  ] as [number, number][]) {
    const a = random(rows * n, rows + n, 3);
    const b = random(n, 7 * n, 1);
    const dy = random(rows * n, 3 * rows + n, 2);
    const db0 = random(n, 11 * n, 1);
    const [ta, tb, tout, tdy] = tensors(backend, [[rows, n], a], [[n], b], [[rows, n], new Float32Array(rows * n)], [[rows, n], dy]);
    backend.run("add", [ta!, tb!], [tout!]);
    backend.run("add", [ta!, tb!], [ta!]); // in place
    const plain = (data: Float32Array, shape: number[]) => ({ data, shape });
    const out = new Float32Array(rows * n);
    binaryKernels.add.run([plain(a, [rows, n]), plain(b, [n])], [plain(out, [rows, n])], {}, undefined);
    assert.equal(bits(await backend.read(tout!)), bits(out), `add ${rows}x${n}`);
    assert.equal(bits(await backend.read(ta!)), bits(out), `add in place ${rows}x${n}`);
    for (const accumulate of [false, true]) {
      const [tdb] = tensors(backend, [[n], db0]);
      backend.run("bias_grad", [tdy!], [tdb!], { accumulate });
      const db = db0.slice();
      biasGradKernel.run([plain(dy, [rows, n])], [plain(db, [n])], { accumulate }, undefined);
      assert.equal(bits(await backend.read(tdb!)), bits(db), `bias_grad ${rows}x${n} accumulate ${accumulate}`);
    }
  }
});

test("batchnorm: the SIMD forward pass matches the loop within float32 rounding", async () => {
  const backend = new CpuBackend();
  for (const [rows, c] of [
    [1, 4],
    [9, 8],
    [50, 32],
    [6, 3],
  ] as [number, number][]) {
    const x = random(rows * c, rows + c, 4);
    const mean = random(c, 3 * c, 1);
    const variance = random(c, 5 * c, 2).map((v) => Math.abs(v) + 0.1);
    const gamma = random(c, 7 * c, 2);
    const beta = random(c, 9 * c, 2);
    const [tx, tm, tv, tg, tb, ty, txh, tis] = tensors(
      backend,
      [[rows, c], x],
      [[c], mean],
      [[c], variance],
      [[c], gamma],
      [[c], beta],
      [[rows, c], new Float32Array(rows * c)],
      [[rows, c], new Float32Array(rows * c)],
      [[c], new Float32Array(c)],
    );
    backend.run("batchnorm", [tx!, tm!, tv!, tg!, tb!], [ty!, txh!, tis!], { epsilon: 1e-3 });
    const plain = (data: Float32Array, shape: number[]) => ({ data, shape });
    const [y, xhat, invStd] = [new Float32Array(rows * c), new Float32Array(rows * c), new Float32Array(c)];
    batchnormKernel.run(
      [plain(x, [rows, c]), plain(mean, [c]), plain(variance, [c]), plain(gamma, [c]), plain(beta, [c])],
      [plain(y, [rows, c]), plain(xhat, [rows, c]), plain(invStd, [c])],
      { epsilon: 1e-3 },
      undefined,
    );
    assert.equal(bits(await backend.read(tis!)), bits(invStd), `invStd ${rows}x${c}`);
    const [actualY, actualXhat] = [await backend.read(ty!), await backend.read(txh!)];
    for (let i = 0; i < rows * c; i++) {
      const ch = i % c;
      // (x - mean) and its product are each rounded once more than in the loop's float64.
      const xhatBound = 4e-7 * (Math.abs(x[i]!) + Math.abs(mean[ch]!)) * invStd[ch]!;
      assert.ok(Math.abs(actualXhat[i]! - xhat[i]!) <= xhatBound, `xhat ${rows}x${c} [${i}]: ${actualXhat[i]} vs ${xhat[i]}`);
      const yBound = Math.abs(gamma[ch]!) * xhatBound + 4e-7 * (Math.abs(gamma[ch]! * xhat[i]!) + Math.abs(beta[ch]!));
      assert.ok(Math.abs(actualY[i]! - y[i]!) <= yBound, `y ${rows}x${c} [${i}]: ${actualY[i]} vs ${y[i]}`);
    }
  }
});

test.run();
