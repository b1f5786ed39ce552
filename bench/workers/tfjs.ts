// TF.js's side of the benchmark. Usage: node --import tsx bench/workers/tfjs.ts cpu|wasm mlp [images] | cnn [images] | gemm M K N
// `images` trains on only the first N images and scales the time to the full workload (48,000
// images for mlp, CNN_IMAGES for cnn), since tfjs cpu is slow.
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { CNN_IMAGES, gemmSeconds, report } from "./common.ts";
import { mnistTrain } from "./mnist.ts";

const [backend, workload, ...args] = process.argv.slice(2);
if (backend === "wasm") {
  const wasmDir = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  setWasmPaths(wasmDir + "/");
}
await tf.setBackend(backend!);
await tf.ready();

if (workload === "mlp") {
  const data = mnistTrain();
  const count = Math.min(data.count, Number(args[0] ?? data.count));
  const x = tf.tensor2d(data.x.subarray(0, count * 784), [count, 784]);
  const y = tf.tensor1d(data.y.subarray(0, count), "float32");
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: "relu" }),
      tf.layers.dense({ units: 64, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const start = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: 32, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  report({ seconds: (seconds * data.count) / count, images: count });
} else if (workload === "cnn") {
  // Workload (b). The wasm backend registers no Conv2DBackpropFilter, so fit fails there.
  const data = mnistTrain();
  const total = Math.min(data.count, CNN_IMAGES);
  const count = Math.min(total, Number(args[0] ?? total));
  const x = tf.tensor4d(data.x.subarray(0, count * 784), [count, 28, 28, 1]);
  const y = tf.tensor1d(data.y.subarray(0, count), "float32");
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const start = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  report({ seconds: (seconds * total) / count, images: count });
} else if (workload === "gemm") {
  const [m, k, n] = args.map(Number) as [number, number, number];
  const seconds = gemmSeconds(m, k, n, (A, B, C) => () => {
    const c = tf.tidy(() => tf.matMul(tf.tensor2d(A, [m, k]), tf.tensor2d(B, [k, n])));
    C.set(c.dataSync());
    c.dispose();
  });
  report({ gflops: (2 * m * n * k) / seconds / 1e9 });
}
