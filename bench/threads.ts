// npm run bench:threads: does a second thread make dl's training GEMMs faster on this machine?
// Splits each GEMM of an MNIST MLP step by column panels between the main thread and one
// worker (both run the same WebAssembly SIMD kernel on one shared memory; Atomics to hand over
// and wait), against the same GEMMs on one thread, interleaved. Each output element is computed
// by one thread in the same order either way, so results are bit-identical. Prints times and
// ratios; asserts nothing.
import { Worker } from "node:worker_threads";
import { gemmPanelModuleBytes } from "../interpreter/internals.ts";
import { CONTROL, runPanels, wasm, type GemmCall, type Panel } from "./workers/threads-gemm.ts";

const PAGES = 64;
const memory = new wasm.Memory({ initial: PAGES, maximum: PAGES, shared: true });
const module = new wasm.Module(gemmPanelModuleBytes(PAGES));
const panel = new wasm.Instance(module, { env: { memory } }).exports["gemm_panel_direct"] as Panel;
const control = new Int32Array(memory.buffer, 0, CONTROL.length);
const worker = new Worker(new URL("./workers/threads-gemm-worker.mjs", import.meta.url), { workerData: { module, memory } });

// One step of the MNIST MLP at batch 32: forward x@W for three layers, then kernel gradients
// x^T@dy and input gradients dy@W^T (the latter packed in dl, so left out here).
const shapes: [name: string, m: number, k: number, n: number, transposeA: boolean][] = [
  ["x@W1 32x784x128", 32, 784, 128, false],
  ["x^T@dy 784x32x128", 784, 32, 128, true],
  ["x@W2 32x128x64", 32, 128, 64, false],
  ["x^T@dy 128x32x64", 128, 32, 64, true],
];

let top = 4096;
function place(floats: number): number {
  const at = top;
  top += Math.ceil(floats / 4) * 16;
  new Float32Array(memory.buffer, at, floats).forEach((_, i, a) => (a[i] = ((i * 7919) % 1000) / 1000 - 0.5));
  return at;
}
const calls: { name: string; call: GemmCall }[] = shapes.map(([name, m, k, n, transposeA]) => ({
  name,
  call: { a: place(m * k), b: place(k * n), c: place(m * n), m, k, n, transposeA },
}));

function oneThread(call: GemmCall): void {
  runPanels(panel, call, 0, Math.ceil(call.n / 8));
}

let seq = 0;
function twoThreads(call: GemmCall): void {
  const panels = Math.ceil(call.n / 8);
  const half = Math.ceil(panels / 2);
  const fields = [call.a, call.b, call.c, call.m, call.k, call.n, call.transposeA ? 1 : 0, half, panels];
  fields.forEach((value, i) => Atomics.store(control, CONTROL.args + i, value));
  seq++;
  Atomics.store(control, CONTROL.request, seq);
  Atomics.notify(control, CONTROL.request);
  runPanels(panel, call, 0, half);
  while (Atomics.load(control, CONTROL.done) !== seq) Atomics.wait(control, CONTROL.done, seq - 1, 1);
}

function perCall(run: () => void, count: number): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) run();
  return ((performance.now() - start) * 1000) / count;
}

worker.once("error", (error) => {
  throw error;
});
// The worker is ready once it answers a call with no work.
twoThreads({ ...calls[0]!.call, n: 0 });
const COUNT = 2000;
const rows: string[] = [];
for (const { name, call } of calls) {
  const one: number[] = [];
  const two: number[] = [];
  for (let round = 0; round < 5; round++) {
    one.push(perCall(() => oneThread(call), COUNT));
    two.push(perCall(() => twoThreads(call), COUNT));
  }
  const median = (xs: number[]) => xs.sort((p, q) => p - q)[2]!;
  rows.push(`| ${name} | ${median(one).toFixed(1)} | ${median(two).toFixed(1)} | ${(median(one) / median(two)).toFixed(2)}x |`);
}
const handOver = perCall(() => twoThreads({ ...calls[0]!.call, n: 0 }), COUNT);
console.log(`Node ${process.version}, ${new Date().toISOString()}, median of 5 rounds of ${COUNT} calls`);
console.log("\n| GEMM | 1 thread (µs) | 2 threads (µs) | speed-up |\n|---|---|---|---|");
console.log(rows.join("\n"));
console.log(`\nhand-over and wait with no work: ${handOver.toFixed(1)} µs per call`);
await worker.terminate();
