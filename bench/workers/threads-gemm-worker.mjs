// The second thread of bench/threads.ts: waits for a request, runs its column panels, signals
// done. Plain JavaScript because a worker does not inherit tsx's hooks; it registers them itself.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { CONTROL, runPanels, wasm } = await import("./threads-gemm.ts");
const { module, memory } = workerData;
const panel = new wasm.Instance(module, { env: { memory } }).exports["gemm_panel_direct"];
const control = new Int32Array(memory.buffer, 0, CONTROL.length);

let seen = 0;
for (;;) {
  Atomics.wait(control, CONTROL.request, seen);
  seen = Atomics.load(control, CONTROL.request);
  const [a, b, c, m, k, n, transposeA, first, end] = Array.from({ length: 9 }, (_, i) => Atomics.load(control, CONTROL.args + i));
  runPanels(panel, { a, b, c, m, k, n, transposeA: transposeA === 1 }, first, end);
  Atomics.store(control, CONTROL.done, seen);
  Atomics.notify(control, CONTROL.done);
}
