// dl's side of the benchmark, run in a child process by bench/run.ts so that its peak memory
// is its own. Usage: node --import tsx bench/workers/dl.ts
//   mlp | cnn [images] | resnet [images] | cnn-epochs [epochs] | gemm M K N [reference] | peak [plain|fma]
// Prints one JSON line: { seconds | gflops, maxRssMiB }.
import { build, check, fit, fitToInput, loadBackend, loadProgram, parse, prepareData, type CheckedProgram } from "../../interpreter/api.ts";
import { gemmReference, SIMD_PEAK_CHAINS, simdPeakModuleBytes } from "../../interpreter/internals.ts";
import { CNN_IMAGES, CNN_EPOCHS, gemmSeconds, fastestSeconds, report, RESNET_IMAGES, threadCpuSeconds } from "./common.ts";
import { mnistTrain } from "./mnist.ts";

// Workload (b): the CNN from the performance issue, built from .dl source through the API.
const CNN_SOURCE = `
model bench_cnn {
  input 28 28 1
  layer conv2d 32 relu kernel=3
  layer maxpool2d 2
  layer conv2d 64 relu kernel=3
  layer maxpool2d 2
  layer flatten
  layer dense 128 relu
  layer dense 10 softmax
}

data mnist {
  source mnist
  scale 1/255
}

train bench_cnn on mnist {
  optimizer adam lr=0.001
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 1
  batch 64
  seed 42
}
`;

const [workload, ...args] = process.argv.slice(2);
/** The cpu backend's threads (bench/run.ts's "dl 2 threads" sets 2). */
const threads = Number(process.env["DL_BENCH_THREADS"] ?? 1);
const backend = () => loadBackend("cpu", { threads });

/** An example program, checked, with its one train step. */
function example(name: string) {
  const loaded = loadProgram(new URL(`../../examples/${name}`, import.meta.url).pathname);
  const checked = loaded.checked!;
  const step = checked.workflow.find((s) => s.type === "train")!;
  if (step.type !== "train") throw new Error(`${name}: no train step`);
  return { loaded, checked, train: step.train, model: checked.models.get(step.train.model)! };
}

/** One epoch of `train` over the first `count` of the 48,000 training images every peer uses (scaled 1/255). */
async function trainOnImages(program: CheckedProgram, train: ReturnType<typeof example>["train"], count: number): Promise<void> {
  const data = mnistTrain();
  const n = Math.min(data.count, count);
  const ds = {
    features: data.x.subarray(0, n * 784),
    featureShape: [28, 28, 1],
    labels: data.y.subarray(0, n),
    labelShape: [],
    count: n,
    numClasses: 10,
  };
  const runtime = await build(program.models.get(train.model)!, { backend: await backend(), loss: train.loss, seed: train.seed });
  const [start, cpu] = [performance.now(), threadCpuSeconds()];
  await fit(runtime, ds, undefined, { ...train, epochs: 1 });
  report({ seconds: (performance.now() - start) / 1000, cpuSeconds: threadCpuSeconds() - cpu, images: n });
}

if (workload === "mlp") {
  const { loaded, checked, train, model } = example("mnist_mlp.dl");
  const data = prepareData(checked.data.get(train.data)!, loaded.file);
  const splits = fitToInput(data.splits, model.inputShape, train.data);
  const runtime = await build(model, { backend: await backend(), loss: train.loss, seed: train.seed });
  const [start, cpu] = [performance.now(), threadCpuSeconds()];
  // One epoch over the 48,000 training images, no validation pass (the peers skip it too).
  await fit(runtime, splits.train, undefined, { ...train, epochs: 1 });
  report({ seconds: (performance.now() - start) / 1000, cpuSeconds: threadCpuSeconds() - cpu, images: splits.train.count });
} else if (workload === "resnet") {
  // examples/resnet_blocks.dl's net and training (SGD, Nesterov momentum, batch 64), one pass.
  const { checked, train } = example("resnet_blocks.dl");
  await trainOnImages(checked, train, Number(args[0] ?? RESNET_IMAGES));
} else if (workload === "cnn-epochs") {
  // examples/mnist_cnn.dl as `dl run` trains it (its validation split included), for fewer epochs.
  const { loaded, checked, train, model } = example("mnist_cnn.dl");
  const data = prepareData(checked.data.get(train.data)!, loaded.file);
  const splits = fitToInput(data.splits, model.inputShape, train.data);
  const runtime = await build(model, { backend: await backend(), loss: train.loss, seed: train.seed });
  const [start, cpu] = [performance.now(), threadCpuSeconds()];
  await fit(runtime, splits.train, splits.validation, { ...train, epochs: Number(args[0] ?? CNN_EPOCHS) });
  report({ seconds: (performance.now() - start) / 1000, cpuSeconds: threadCpuSeconds() - cpu, images: splits.train.count });
} else if (workload === "peak") {
  // The CPU backend enables Relaxed SIMD (when it can) as it loads; its GEMM uses the fused build then.
  const fused = (await backend()).describe().includes("fused");
  report({ gflops: simdPeakGflops(args[0] === "fma" && fused ? "fma" : "plain") });
} else if (workload === "cnn") {
  const parsed = parse(CNN_SOURCE);
  const checked = check(parsed.program);
  const problems = [...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === "error");
  if (problems.length) throw new Error(`bench CNN source: ${problems.map((d) => d.message).join("; ")}`);
  const step = checked.program.workflow.find((s) => s.type === "train")!;
  if (step.type !== "train") throw new Error("no train step");
  await trainOnImages(checked.program, step.train, Number(args[0] ?? CNN_IMAGES));
} else if (workload === "gemm") {
  const [m, k, n] = args.slice(0, 3).map(Number) as [number, number, number];
  const seconds =
    args[3] === "reference"
      ? gemmSeconds(m, k, n, (A, B, C) => () => gemmReference(A, B, C, m, n, k, false, false, false))
      : await backendGemmSeconds(m, k, n);
  report({ gflops: (2 * m * n * k) / seconds / 1e9 });
} else {
  throw new Error(`unknown workload ${workload}`);
}

/** The matmul kernel as training runs it: A, B and C are tensors of one CPU backend. */
async function backendGemmSeconds(m: number, k: number, n: number): Promise<number> {
  const cpu = await backend();
  const [a, b, c] = [cpu.alloc([m, k]), cpu.alloc([k, n]), cpu.alloc([m, n])];
  return gemmSeconds(m, k, n, (A, B) => {
    cpu.write(a, A);
    cpu.write(b, B);
    return () => cpu.run("matmul", [a, b], [c]);
  });
}

/** GFLOP/s of the SIMD peak kernel (independent f32x4 multiply-add chains), timed as the GEMMs are (fastest call). */
function simdPeakGflops(multiplyAdd: "plain" | "fma"): number {
  const api = (
    globalThis as unknown as {
      WebAssembly: {
        Module: new (bytes: Uint8Array) => object;
        Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
        Memory: new (descriptor: { initial: number }) => object;
      };
    }
  ).WebAssembly;
  const instance = new api.Instance(new api.Module(simdPeakModuleBytes(multiplyAdd)), { env: { memory: new api.Memory({ initial: 1 }) } });
  const peak = instance.exports["simd_peak"] as (iterations: number) => number;
  const iterations = 1_000_000;
  return (iterations * SIMD_PEAK_CHAINS * 8) / fastestSeconds(() => peak(iterations)) / 1e9;
}
