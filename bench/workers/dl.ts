// dl's side of the benchmark, run in a child process by bench/run.ts so that its peak memory
// is its own. Usage: node --import tsx bench/workers/dl.ts mlp | gemm M K N [reference]
// Prints one JSON line: { seconds | gflops, maxRssMiB }.
import { load } from "../../cli/load.ts";
import { fitToInput, prepareData } from "../../interpreter/runtime/data.ts";
import { fit } from "../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../interpreter/runtime/model-runtime.ts";
import { createBackend } from "../../interpreter/backends/registry.ts";
import { gemm } from "../../interpreter/backends/cpu/kernels/matmul-gemm.ts";
import { gemmReference } from "../../interpreter/backends/cpu/kernels/matmul-reference.ts";
import { gemmSeconds, report } from "./common.ts";

const [workload, ...args] = process.argv.slice(2);

if (workload === "mlp") {
  const loaded = load(new URL("../../examples/mnist_mlp.dl", import.meta.url).pathname);
  const checked = loaded.checked!;
  const step = checked.workflow.find((s) => s.type === "train")!;
  if (step.type !== "train") throw new Error("no train step");
  const { train } = step;
  const model = checked.models.get(train.model)!;
  const data = prepareData(checked.data.get(train.data)!, loaded.file);
  const splits = fitToInput(data.splits, model.inputShape, train.data);
  const runtime = new ModelRuntime(createBackend("cpu"), model, train.loss, train.seed);
  const start = performance.now();
  // One epoch over the 48,000 training images, no validation pass (the peers skip it too).
  await fit(runtime, splits.train, undefined, { ...train, epochs: 1 });
  report({ seconds: (performance.now() - start) / 1000, images: splits.train.count });
} else if (workload === "gemm") {
  const [m, k, n] = args.slice(0, 3).map(Number) as [number, number, number];
  const f = args[3] === "reference" ? gemmReference : gemm;
  const seconds = gemmSeconds(m, k, n, (A, B, C) => f(A, B, C, m, n, k, false, false, false));
  report({ gflops: (2 * m * n * k) / seconds / 1e9 });
} else {
  throw new Error(`unknown workload ${workload}`);
}
