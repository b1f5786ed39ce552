// The cpu backend's threads: a convolutional net trained a few steps, and large GEMMs, give the
// same bytes on 1 and 2 threads (each output element is computed by one thread, in the same
// order), and an idle pool lets the process exit.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../../interpreter/backends/cpu/cpu-backend.ts";
import { gemm } from "../../../../interpreter/backends/cpu/kernels/matmul-gemm.ts";
import { WasmRuntime } from "../../../../interpreter/backends/cpu/wasm/runtime.ts";
import type { CheckedTrain } from "../../../../interpreter/check/checked.ts";
import { fit } from "../../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../../interpreter/runtime/model-runtime.ts";
import { Random } from "../../../../interpreter/autograd/random.ts";
import { compile } from "../../runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-threads-"));

const program = `model net {
  input 28 28 1
  layer conv2d 16 relu kernel=3
  layer maxpool2d 2
  layer conv2d 32 relu kernel=3 padding=same
  layer maxpool2d 2
  layer flatten
  layer dense 10 softmax
}

data digits {
  source mnist
}

train net on digits {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  epochs 2
  batch 32
  seed 3
  shuffle true
}
`;

/** 96 random 28x28 images with random labels, the same for every call. */
function images() {
  const random = new Random(7);
  const count = 96;
  const features = Float32Array.from({ length: count * 28 * 28 }, () => random.uniform());
  const labels = Float32Array.from({ length: count }, () => Math.floor(random.uniform() * 10));
  return { features, featureShape: [28, 28, 1], labels, labelShape: [], count, numClasses: 10 };
}

async function trainedWeights(threads: number): Promise<{ bytes: Buffer[]; described: string }> {
  const loaded = compile(program);
  const train = (loaded.checked.workflow.find((s) => s.type === "train") as { train: CheckedTrain }).train;
  const backend = new CpuBackend({ threads });
  await backend.started;
  const runtime = new ModelRuntime(backend, loaded.checked.models.get("net")!, train.loss, train.seed);
  await fit(runtime, images(), undefined, train);
  const values = await Promise.all(runtime.weights.map((w) => backend.read(w.tensor)));
  return { bytes: values.map((v) => Buffer.from(v.buffer)), described: backend.describe() };
}

test("a conv net trained 6 steps on 1 and on 2 threads ends with byte-identical weights", async () => {
  const one = await trainedWeights(1);
  const two = await trainedWeights(2);
  assert.match(one.described, /, 1 thread$/);
  assert.match(two.described, /, 2 threads$/);
  assert.is(two.bytes.length, 6);
  two.bytes.forEach((bytes, i) => assert.ok(bytes.equals(one.bytes[i]!), `weight ${i} differs`));
});

/** C (+)= op(A) @ B on a runtime with `threads` threads, twice (the second accumulating). */
async function product(threads: number, m: number, n: number, k: number, transposeA: boolean): Promise<Buffer> {
  const wasm = WasmRuntime.create("fma", threads)!;
  await wasm.pool?.started;
  assert.is((wasm.pool?.readyWorkers() ?? 0) + 1, threads);
  const [A, B, C] = [m * k, k * n, m * n].map((size) => {
    const holder = { data: new Float32Array(0) };
    wasm.alloc(holder, size);
    return holder;
  });
  const random = new Random(m + n + k);
  for (const holder of [A!, B!, C!]) holder.data.forEach((_, i, a) => (a[i] = random.uniform() * 2 - 1));
  gemm(wasm, A!.data, B!.data, C!.data, m, n, k, transposeA, false, false);
  gemm(wasm, A!.data, B!.data, C!.data, m, n, k, transposeA, false, true);
  return Buffer.from(C!.data.slice().buffer);
}

test("large GEMMs, plain and transposed, ragged and whole, give the same bytes on 1, 2 and 3 threads", async () => {
  for (const [m, n, k, transposeA] of [
    [512, 512, 512, false],
    [253, 131, 517, true],
    [1001, 37, 300, false],
    [300, 64, 1000, true],
  ] as const) {
    const one = await product(1, m, n, k, transposeA);
    assert.ok((await product(2, m, n, k, transposeA)).equals(one), `${m}x${n}x${k} on 2 threads`);
    assert.ok((await product(3, m, n, k, transposeA)).equals(one), `${m}x${n}x${k} on 3 threads`);
  }
});

test("`dl run --threads 2` says 2 threads in its header and exits", () => {
  const file = join(tmp, "xor.dl");
  writeFileSync(
    file,
    "model net {\n  input 2\n  layer dense 4 relu\n  layer dense 1 sigmoid\n}\n\ndata d {\n  source xor\n}\n\ntrain net on d {\n  optimizer adam\n  loss binary_crossentropy\n  epochs 2\n}\n",
  );
  const run = spawnSync(process.execPath, ["bin/dl.js", "run", file, "--threads", "2", "--quiet"], { encoding: "utf8", timeout: 120_000 });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /, 2 threads/);
});

test("a process whose pool has worked exits by itself once its main thread is done", () => {
  const script = `
    import { WasmRuntime } from "./interpreter/backends/cpu/wasm/runtime.ts";
    import { gemm } from "./interpreter/backends/cpu/kernels/matmul-gemm.ts";
    const wasm = WasmRuntime.create("fma", 2);
    await wasm.pool.started;
    const [A, B, C] = [256 * 256, 256 * 256, 256 * 256].map((size) => { const h = { data: new Float32Array(0) }; wasm.alloc(h, size); return h; });
    A.data.fill(1); B.data.fill(2);
    gemm(wasm, A.data, B.data, C.data, 256, 256, 256, false, false, false);
    process.stdout.write([wasm.pool.readyWorkers() + 1, C.data[0], C.data[256 * 256 - 1]].join(" "));
  `;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout.trim(), "2 512 512");
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
