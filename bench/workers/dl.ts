// dl's side of the benchmark, run in a child process by bench/run.ts so that its peak memory
// is its own. Usage: node --import tsx bench/workers/dl.ts mlp | cnn [images] | gemm M K N [reference]
// Prints one JSON line: { seconds | gflops, maxRssMiB }.
import { build, check, fit, fitToInput, loadBackend, loadProgram, parse, prepareData } from "../../interpreter/api.ts";
import { gemmReference } from "../../interpreter/internals.ts";
import { CNN_IMAGES, gemmSeconds, report } from "./common.ts";
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

if (workload === "mlp") {
  const loaded = loadProgram(new URL("../../examples/mnist_mlp.dl", import.meta.url).pathname);
  const checked = loaded.checked!;
  const step = checked.workflow.find((s) => s.type === "train")!;
  if (step.type !== "train") throw new Error("no train step");
  const { train } = step;
  const model = checked.models.get(train.model)!;
  const data = prepareData(checked.data.get(train.data)!, loaded.file);
  const splits = fitToInput(data.splits, model.inputShape, train.data);
  const runtime = await build(model, { loss: train.loss, seed: train.seed });
  const start = performance.now();
  // One epoch over the 48,000 training images, no validation pass (the peers skip it too).
  await fit(runtime, splits.train, undefined, { ...train, epochs: 1 });
  report({ seconds: (performance.now() - start) / 1000, images: splits.train.count });
} else if (workload === "cnn") {
  const parsed = parse(CNN_SOURCE);
  const checked = check(parsed.program);
  const problems = [...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === "error");
  if (problems.length) throw new Error(`bench CNN source: ${problems.map((d) => d.message).join("; ")}`);
  const step = checked.program.workflow.find((s) => s.type === "train")!;
  if (step.type !== "train") throw new Error("no train step");
  const { train } = step;
  // The first CNN_IMAGES of the same 48,000 training images (scaled 1/255) every peer uses.
  const data = mnistTrain();
  const count = Math.min(data.count, Number(args[0] ?? CNN_IMAGES));
  const ds = {
    features: data.x.subarray(0, count * 784),
    featureShape: [28, 28, 1],
    labels: data.y.subarray(0, count),
    labelShape: [],
    count,
    numClasses: 10,
  };
  const runtime = await build(checked.program.models.get(train.model)!, { loss: train.loss, seed: train.seed });
  const start = performance.now();
  await fit(runtime, ds, undefined, { ...train, epochs: 1 });
  report({ seconds: (performance.now() - start) / 1000, images: count });
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
  const backend = await loadBackend("cpu");
  const [a, b, c] = [backend.alloc([m, k]), backend.alloc([k, n]), backend.alloc([m, n])];
  return gemmSeconds(m, k, n, (A, B) => {
    backend.write(a, A);
    backend.write(b, B);
    return () => backend.run("matmul", [a, b], [c]);
  });
}
