// Helpers shared by the Node benchmark workers.
import { readFileSync } from "node:fs";

/** Workload (b), the CNN pass, trains one epoch over this many of the training images. */
export const CNN_IMAGES = 6000;

/** Workload (c), the ResNet-blocks pass (examples/resnet_blocks.dl), trains one epoch over this many. */
export const RESNET_IMAGES = 1000;

/** The opt-in workload: examples/mnist_cnn.dl trained for this many epochs, as `dl run` would. */
export const CNN_EPOCHS = 10;

/**
 * CPU seconds the calling thread has used (Linux: /proc/thread-self/stat's utime + stime, 10 ms
 * ticks): unlike wall time, not inflated while other jobs share the cores. Training runs on the
 * main thread in every peer, so this is the work itself.
 */
export function threadCpuSeconds(): number {
  const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Prints the worker's one JSON result line, with the process's peak resident memory. */
export function report(result: Record<string, number>): void {
  // VmHWM, not getrusage's maxRSS: Linux carries maxRSS over from the parent across fork+exec.
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  const maxRssMiB = (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
  console.log(JSON.stringify({ ...result, maxRssMiB }));
}

/** Seconds of one C = A @ B call, the fastest of enough calls to fill ~0.3 s (see fastestSeconds). */
export function gemmSeconds(
  m: number,
  k: number,
  n: number,
  /** Sets up one peer's GEMM on these operands and returns the call to time. */
  prepare: (A: Float32Array, B: Float32Array, C: Float32Array) => () => void,
): number {
  const A = Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const B = Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
  const C = new Float32Array(m * n);
  return fastestSeconds(prepare(A, B, C));
}

/**
 * Seconds of the fastest call of `run`: warm up, then time enough calls to fill ~0.3 s (at least
 * 3). The fastest, not the median: on a shared machine most calls of a few milliseconds are cut
 * into by other jobs, and the fastest is the one that ran alone (PyTorch's worker does the same).
 */
export function fastestSeconds(run: () => void): number {
  run();
  run();
  const times: number[] = [];
  const budget = performance.now() + 300;
  while (times.length < 3 || (performance.now() < budget && times.length < 200)) {
    const t = performance.now();
    run();
    times.push((performance.now() - t) / 1000);
  }
  return Math.min(...times);
}
