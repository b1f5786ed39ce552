// The blocked GEMM (matmul-gemm.ts) against the plain reference loops (matmul-reference.ts),
// on random shapes: odd sizes, sizes across the MC/KC/NC block edges, all four transpose
// combinations, with and without accumulate; both builds of the SIMD kernels (plain multiply
// and add, and Relaxed SIMD's fused multiply-add).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { gemm as gemmOn } from "../../../../../interpreter/backends/cpu/kernels/matmul-gemm.ts";
import { gemmReference } from "../../../../../interpreter/backends/cpu/kernels/matmul-reference.ts";
import { GEMM_KC, GEMM_MC, GEMM_NC } from "../../../../../interpreter/backends/cpu/wasm/gemm-kernel.ts";
import { WasmRuntime } from "../../../../../interpreter/backends/cpu/wasm/runtime.ts";
import { rng } from "../../../../helpers/seeded-random.ts";

const builds = [WasmRuntime.create("plain"), WasmRuntime.create("fma")];
let wasm = builds[0];
/** The GEMM on plain Float32Arrays, packed through one backend's wasm scratch space. */
const gemm = (...args: Parameters<typeof gemmOn> extends [unknown, ...infer Rest] ? Rest : never) => gemmOn(wasm, ...args);

/** Runs `body` once with each build of the kernels as `wasm`. */
function eachBuild(body: () => void): void {
  for (const build of builds) {
    wasm = build;
    body();
  }
}

function randomArray(size: number, next: () => number, zeroFraction = 0): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = next() < zeroFraction ? 0 : next() * 2 - 1;
  return out;
}

/**
 * Copies of `arrays` on the wasm heap, where the GEMM may read them directly instead of
 * packing them. Views are taken after the last allocation, which may grow the memory.
 */
function onHeap(...arrays: Float32Array[]): Float32Array[] {
  const holders = arrays.map((values) => {
    const holder = { data: new Float32Array(0) };
    wasm!.alloc(holder, values.length);
    return holder;
  });
  return holders.map((holder, i) => {
    holder.data.set(arrays[i]!);
    return holder.data;
  });
}

/**
 * Compares with a bound of a few float32 ulps of sum_p |a_ip * b_pj| per element. Runs twice:
 * on plain arrays (packed panels) and on heap views (the direct path where it applies).
 */
function check(m: number, n: number, k: number, ta: boolean, tb: boolean, acc: boolean, seed: number): void {
  const next = rng(seed);
  const A = randomArray(m * k, next, 0.3); // zeros, as relu outputs, hit the reference's skip
  const B = randomArray(k * n, next);
  const C0 = randomArray(m * n, next);
  const expected = C0.slice();
  gemmReference(A, B, expected, m, n, k, ta, tb, acc);
  const plain = C0.slice();
  gemm(A, B, plain, m, n, k, ta, tb, acc);
  const [heapA, heapB, heap] = onHeap(A, B, C0) as [Float32Array, Float32Array, Float32Array];
  gemm(heapA, heapB, heap, m, n, k, ta, tb, acc);
  for (const [actual, where] of [
    [plain, "plain"],
    [heap, "heap"],
  ] as const) {
    assertClose(A, B, C0, actual, expected, m, n, k, ta, tb, acc, `seed=${seed} ${where}`);
  }
}

function assertClose(
  A: Float32Array,
  B: Float32Array,
  C0: Float32Array,
  actual: Float32Array,
  expected: Float32Array,
  m: number,
  n: number,
  k: number,
  ta: boolean,
  tb: boolean,
  acc: boolean,
  what: string,
): void {
  const absA = A.map(Math.abs);
  const absB = B.map(Math.abs);
  const bound = new Float32Array(m * n);
  gemmReference(absA, absB, bound, m, n, k, ta, tb, false);
  for (let i = 0; i < m * n; i++) {
    const tol = 4e-7 * (k + 2) * (bound[i]! + (acc ? Math.abs(C0[i]!) : 0)) + 1e-30;
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= tol)) {
      assert.unreachable(
        `gemm m=${m} n=${n} k=${k} ta=${ta} tb=${tb} acc=${acc} ${what}: [${i}] ${actual[i]} vs ${expected[i]} (tol ${tol})`,
      );
    }
  }
}

const combos: [boolean, boolean, boolean][] = [];
for (const ta of [false, true]) for (const tb of [false, true]) for (const acc of [false, true]) combos.push([ta, tb, acc]);

test("gemm: the WebAssembly SIMD kernels load on Node 20, the fused multiply-add build too", () => {
  assert.equal(
    builds.map((b) => b?.multiplyAdd),
    ["plain", "fma"],
  );
});

test("gemm: the fused build rounds each multiply-add once, the plain build twice", () => {
  // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46: rounded to float32 it loses the 2^-46 that fusing keeps
  // (the product comes second, so it is added to -(1 + 2^-22) already in the accumulator).
  const a = 1 + 2 ** -23;
  const bits = builds.map((build) => {
    wasm = build;
    const [A, B, C] = onHeap(Float32Array.of(1, a, 0, 0, 0, 0, 0, 0), Float32Array.of(-(1 + 2 ** -22), a), new Float32Array(4));
    gemm(A!, B!, C!, 4, 1, 2, false, false, false); // C[0] = -(1 + 2^-22) + a*a
    return C![0];
  });
  assert.equal(bits, [0, 2 ** -46]);
});

test("gemm: tiny and odd shapes, all transpose/accumulate combinations", () => {
  eachBuild(() => {
    const shapes = [
      [1, 1, 1],
      [1, 7, 3],
      [3, 1, 5],
      [5, 3, 1],
      [4, 8, 1],
      [7, 9, 11],
      [13, 17, 19],
      [4, 8, 16],
      [33, 65, 17],
    ];
    let seed = 1;
    for (const [m, n, k] of shapes) for (const [ta, tb, acc] of combos) check(m!, n!, k!, ta, tb, acc, seed++);
  });
});

test("gemm: shapes across the MC/KC/NC block edges", () => {
  eachBuild(() => {
    const shapes = [
      [GEMM_MC + 3, GEMM_NC + 5, GEMM_KC + 1],
      [GEMM_MC - 1, GEMM_NC - 1, GEMM_KC - 1],
      [2 * GEMM_MC + 1, 9, 2 * GEMM_KC + 7],
      [5, 2 * GEMM_NC + 3, 3],
      [32, 128, 784], // the MNIST MLP's first layer
      [784, 128, 32], // its kernel gradient, x^T @ dy
    ];
    let seed = 100;
    for (const [m, n, k] of shapes) for (const [ta, tb, acc] of combos) check(m!, n!, k!, ta, tb, acc, seed++);
  });
});

test("gemm: random shapes", () => {
  eachBuild(() => {
    const next = rng(7);
    for (let t = 0; t < 40; t++) {
      const m = 1 + Math.floor(next() * 70);
      const n = 1 + Math.floor(next() * 150);
      const k = 1 + Math.floor(next() * 300);
      const [ta, tb, acc] = combos[t % combos.length]!;
      check(m, n, k, ta, tb, acc, 1000 + t);
    }
  });
});

test("gemm: k = 0 gives zeros (or leaves C when accumulating); m or n = 0 is a no-op", () => {
  const C = Float32Array.from([1, 2, 3, 4]);
  gemm(new Float32Array(0), new Float32Array(0), C, 2, 2, 0, false, false, true);
  assert.equal(Array.from(C), [1, 2, 3, 4]);
  gemm(new Float32Array(0), new Float32Array(0), C, 2, 2, 0, false, false, false);
  assert.equal(Array.from(C), [0, 0, 0, 0]);
  gemm(new Float32Array(0), new Float32Array(0), C, 0, 2, 3, false, false, false);
  assert.equal(Array.from(C), [0, 0, 0, 0]);
});

test("gemm: bit-identical from run to run", () => {
  const next = rng(3);
  const [m, n, k] = [67, 131, 300];
  const A = randomArray(m * k, next);
  const B = randomArray(k * n, next);
  const first = new Float32Array(m * n);
  const second = new Float32Array(m * n);
  gemm(A, B, first, m, n, k, false, true, false);
  gemm(randomArray(50 * 50, next), randomArray(50 * 50, next), new Float32Array(2500), 50, 50, 50, true, false, false);
  gemm(A, B, second, m, n, k, false, true, false);
  assert.equal(Array.from(second), Array.from(first));
});

test("gemm: NaN and Infinity propagate like the reference", () => {
  const A = Float32Array.from([1, NaN, 2, 3]);
  const B = Float32Array.from([1, 1, Infinity, 1]);
  const C = new Float32Array(4);
  const R = new Float32Array(4);
  gemm(A, B, C, 2, 2, 2, false, false, false);
  gemmReference(A, B, R, 2, 2, 2, false, false, false);
  assert.equal(Array.from(C).map(String), Array.from(R).map(String));
});

test.run();
