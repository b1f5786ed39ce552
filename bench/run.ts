// npm run bench: dl against TF.js (cpu and wasm backends) and PyTorch (1 thread, when Debian's
// python3-torch is installed), on the same workloads, interleaved run by run so that load on
// the machine hits every peer alike. Each measurement runs in its own child process, which
// also gives its peak memory. Prints medians and ratios; writes bench/results/latest.{json,md}.
// Asserts nothing: timings on shared machines vary, so they never decide a test.
//   BENCH_REPS=3           runs per measurement (median reported)
//   BENCH_SKIP=tfjs-cpu    comma-separated peers to leave out
//   BENCH_ONLY=cnn         comma-separated workloads to run: mlp, cnn, resnet, peak, gemm (all
//                          GEMMs) or one GEMM's id such as "gemm 512x512x512"; default all of
//                          these. Opt-in only: cnn-epochs (examples/mnist_cnn.dl, 10 epochs, dl).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CNN_EPOCHS, CNN_IMAGES, RESNET_IMAGES } from "./workers/common.ts";
import { mnistTrain } from "./workers/mnist.ts";

const reps = Number(process.env["BENCH_REPS"] ?? 3);
const skip = new Set((process.env["BENCH_SKIP"] ?? "").split(",").filter(Boolean));
const only = new Set(
  (process.env["BENCH_ONLY"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const root = new URL("..", import.meta.url).pathname;
const PYTHON = "/usr/bin/python3";
// TF.js cpu needs ~80 s for a full epoch; it trains on a slice and the time is scaled to 48,000.
const TFJS_IMAGES: Record<string, number> = { "tfjs-cpu": 1920, "tfjs-wasm": 9600 };
// TF.js cpu needs ~45 min for the CNN pass; it trains 2 batches of 64 and the time is scaled to CNN_IMAGES.
const TFJS_CNN_IMAGES = 128;
const GEMM_SHAPES: [number, number, number][] = [
  [32, 784, 128],
  [128, 784, 128],
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
];

// dl's cpu backend with a second thread for convolutions and large GEMMs (same bits as 1 thread).
const TWO_THREADS = "dl 2 threads";
// PyTorch on one thread, its BLAS included (OpenBLAS's pthread build starts its own threads otherwise).
const TORCH_ENV = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
const hasTorch = spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
const notes: string[] = [];
if (!hasTorch) notes.push(`PyTorch skipped: \`${PYTHON} -c "import torch"\` failed (apt-get install python3-torch to include it).`);
const peers = ["dl", TWO_THREADS, "dl-plain", "tfjs-wasm", "tfjs-cpu", ...(hasTorch ? ["pytorch"] : [])].filter((p) => !skip.has(p));
const blas = peers.includes("pytorch") ? torchBlas() : undefined;
// Against the netlib reference BLAS (~6 GFLOP/s) PyTorch is no baseline any user runs: its times
// are shown, its ratios are not.
const ratioPeers = new Set(peers.filter((p) => p !== "dl" && p !== TWO_THREADS && !(p === "pytorch" && blas?.reference)));

/** Which BLAS PyTorch's matmul really calls (from its process's memory map after a matmul). */
function torchBlas(): { line: string; reference: boolean } {
  const run = spawnSync(PYTHON, ["bench/workers/torch_worker.py", "blas"], { cwd: root, encoding: "utf8", env: TORCH_ENV });
  const found = JSON.parse(run.stdout.trim().split("\n").pop() || "{}") as { libraries?: string[]; blasInfo?: string; openblas?: string };
  const libraries = found.libraries ?? [];
  const named = /openblas|mkl|blis/i;
  if (found.openblas) return { line: `${found.openblas} (${libraries.join(", ")})`, reference: false };
  if (libraries.some((l) => named.test(l))) return { line: libraries.join(", "), reference: false };
  if (libraries.length > 0) return { line: `the reference BLAS (${libraries.join(", ")})`, reference: true };
  return { line: `linked into torch (BLAS_INFO=${found.blasInfo || "unknown"})`, reference: false };
}
if (blas?.reference)
  notes.push(
    "PyTorch calls the netlib reference BLAS, which no PyTorch build users install runs on: its ratios are left out. " +
      "For an honest baseline: `apt-get install libopenblas0-pthread` (Debian's torch then calls OpenBLAS), or a pip wheel of torch (MKL/OpenBLAS built in).",
  );

let torchData: { x: string; y: string } | undefined;
function torchFiles(): { x: string; y: string } {
  if (!torchData) {
    const dir = mkdtempSync(join(tmpdir(), "dl-bench-"));
    const { x, y } = mnistTrain();
    torchData = { x: join(dir, "x.f32"), y: join(dir, "y.f32") };
    writeFileSync(torchData.x, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    writeFileSync(torchData.y, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  }
  return torchData;
}

type Workload = {
  id: string;
  kind: "mlp" | "cnn" | "resnet" | "cnn-epochs" | "peak" | "gemm";
  shape?: [number, number, number];
  /** The peak's multiply-add: f32x4 mul + add, or fused (what dl's GEMM uses where available). */
  multiplyAdd?: "plain" | "fma";
};
const allWorkloads: Workload[] = [
  { id: "mlp", kind: "mlp" },
  { id: "cnn", kind: "cnn" },
  { id: "resnet", kind: "resnet" },
  { id: "cnn-epochs", kind: "cnn-epochs" },
  { id: "peak", kind: "peak", multiplyAdd: "plain" },
  { id: "peak fma", kind: "peak", multiplyAdd: "fma" },
  ...GEMM_SHAPES.map((shape): Workload => ({ id: `gemm ${shape.join("x")}`, kind: "gemm", shape })),
];
/** Too slow for the default run (~10 min or more): only when BENCH_ONLY names them. */
const OPT_IN = new Set(["cnn-epochs"]);
const workloads = allWorkloads.filter((w) => (only.size === 0 ? !OPT_IN.has(w.id) : only.has(w.id) || only.has(w.kind)));
if (workloads.length === 0)
  throw new Error(`BENCH_ONLY=${process.env["BENCH_ONLY"]} names no workload (mlp, cnn, gemm, or e.g. "gemm 512x512x512")`);
const has = (kind: Workload["kind"]) => workloads.some((w) => w.kind === kind);
if (has("resnet"))
  notes.push(
    `ResNet-blocks pass: examples/resnet_blocks.dl (conv_bn 32, two residual blocks of conv_bn + conv + batchnorm, global average pool, dense 10; ` +
      `SGD lr 0.05 Nesterov momentum 0.9, batch 64), one epoch over the first ${RESNET_IMAGES.toLocaleString("en-US")} training images.`,
  );
if (has("cnn-epochs"))
  notes.push(
    `mnist_cnn.dl: examples/mnist_cnn.dl trained for ${CNN_EPOCHS} epochs as \`dl run\` does (54,000 images, validation each epoch), dl only.`,
  );
if (has("peak"))
  notes.push(
    "wasm SIMD peak: 12 independent f32x4 multiply/add chains with no memory traffic, the most WebAssembly SIMD computes here with f32x4.mul + f32x4.add " +
      "and with Relaxed SIMD's fused f32x4.relaxed_madd, which dl's GEMM uses where available (mul + add where not); the GEMM rows give dl's GFLOP/s as a fraction of each.",
  );
if (has("mlp"))
  notes.push(
    `TF.js mlp epochs train on the first ${TFJS_IMAGES["tfjs-cpu"]} (cpu) / ${TFJS_IMAGES["tfjs-wasm"]} (wasm) images; the time is scaled to 48,000.`,
  );
if (has("cnn")) {
  notes.push(
    "CNN pass (workload b): conv 32 3x3 relu, maxpool 2, conv 64 3x3 relu, maxpool 2, dense 128 relu, dense 10 softmax; " +
      `Adam lr 0.001, batch 64, one epoch over the first ${CNN_IMAGES.toLocaleString("en-US")} training images.`,
  );
  if (peers.includes("tfjs-cpu"))
    notes.push(
      `TF.js cpu CNN pass trains on the first ${TFJS_CNN_IMAGES} images (2 batches); the time is scaled to ${CNN_IMAGES.toLocaleString("en-US")}.`,
    );
  if (peers.includes("tfjs-wasm"))
    notes.push(
      "TF.js wasm CNN pass not measured: the wasm backend registers no `Conv2DBackpropFilter` kernel, so it cannot train a conv net.",
    );
}

function command(peer: string, w: Workload): string[] | undefined {
  const node = [process.execPath, "--import", "tsx"];
  const shape = (w.shape ?? []).map(String);
  if ((w.kind === "peak" || w.kind === "cnn-epochs") && peer !== "dl") return undefined;
  switch (peer) {
    case "dl":
      return [...node, "bench/workers/dl.ts", w.kind, ...shape, ...(w.multiplyAdd ? [w.multiplyAdd] : [])]; // cnn, resnet: CNN_IMAGES, RESNET_IMAGES by default
    case TWO_THREADS: // DL_BENCH_THREADS=2 (see the spawn below)
      return w.kind === "peak" || w.kind === "cnn-epochs" ? undefined : [...node, "bench/workers/dl.ts", w.kind, ...shape];
    case "dl-plain": // the plain reference kernel, GEMM only
      return w.kind === "gemm" && w.shape![0] <= 512 ? [...node, "bench/workers/dl.ts", "gemm", ...shape, "reference"] : undefined;
    case "tfjs-cpu":
    case "tfjs-wasm": {
      const backend = peer.slice(5);
      if (w.kind === "resnet") return undefined;
      if (w.kind === "cnn")
        return backend === "cpu" ? [...node, "bench/workers/tfjs.ts", "cpu", "cnn", String(TFJS_CNN_IMAGES)] : undefined;
      return w.kind === "mlp"
        ? [...node, "bench/workers/tfjs.ts", backend, "mlp", String(TFJS_IMAGES[peer])]
        : [...node, "bench/workers/tfjs.ts", backend, "gemm", ...shape];
    }
    case "pytorch": {
      if (w.kind === "mlp") {
        const f = torchFiles();
        return [PYTHON, "bench/workers/torch_worker.py", "mlp", f.x, f.y];
      }
      if (w.kind === "cnn" || w.kind === "resnet") {
        const f = torchFiles();
        return [PYTHON, "bench/workers/torch_worker.py", w.kind, f.x, f.y, String(w.kind === "cnn" ? CNN_IMAGES : RESNET_IMAGES)];
      }
      return [PYTHON, "bench/workers/torch_worker.py", "gemm", ...shape];
    }
  }
  return undefined;
}

type Sample = { seconds?: number; cpuSeconds?: number; gflops?: number; maxRssMiB: number };
const samples = new Map<string, Sample[]>();
for (let rep = 0; rep < reps; rep++) {
  for (const w of workloads) {
    for (const peer of peers) {
      const cmd = command(peer, w);
      if (!cmd) continue;
      const env = peer === "pytorch" ? TORCH_ENV : peer === TWO_THREADS ? { ...process.env, DL_BENCH_THREADS: "2" } : process.env;
      const run = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, env });
      const line = run.stdout.trim().split("\n").pop() ?? "";
      if (run.status !== 0 || !line.startsWith("{")) {
        console.error(`${peer} ${w.id} failed:\n${run.stderr.slice(-2000)}`);
        continue;
      }
      const sample = JSON.parse(line) as Sample;
      const key = `${w.id}|${peer}`;
      samples.set(key, [...(samples.get(key) ?? []), sample]);
      console.error(
        `rep ${rep + 1}/${reps} ${w.id.padEnd(18)} ${peer.padEnd(10)} ` +
          `${sample.seconds !== undefined ? `${sample.seconds.toFixed(2)} s` : `${sample.gflops!.toFixed(2)} GFLOP/s`}  ${sample.maxRssMiB.toFixed(0)} MiB`,
      );
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Row {
  workload: string;
  unit: string;
  values: Record<string, number | null>;
  /** Main-thread CPU seconds, for the timed workloads of the peers that report it. */
  cpu: Record<string, number | null>;
  peakMiB: Record<string, number | null>;
}
const rows: Row[] = workloads.map((w) => {
  const values: Record<string, number | null> = {};
  const peakMiB: Record<string, number | null> = {};
  const cpu: Record<string, number | null> = {};
  for (const peer of peers) {
    const s = samples.get(`${w.id}|${peer}`);
    const cpuSamples = (s ?? []).flatMap((x) => (x.cpuSeconds === undefined ? [] : [x.cpuSeconds]));
    cpu[peer] = cpuSamples.length ? median(cpuSamples) : null;
    values[peer] = s ? median(s.map((x) => (x.gflops ?? x.seconds)!)) : null;
    peakMiB[peer] = s ? median(s.map((x) => x.maxRssMiB)) : null;
  }
  const workload = {
    mlp: "MNIST MLP epoch (s)",
    cnn: `MNIST CNN pass, ${CNN_IMAGES.toLocaleString("en-US")} images (s)`,
    resnet: `ResNet-blocks pass, ${RESNET_IMAGES.toLocaleString("en-US")} images (s)`,
    "cnn-epochs": `mnist_cnn.dl, ${CNN_EPOCHS} epochs (s)`,
    peak: `wasm SIMD peak, ${w.multiplyAdd === "fma" ? "fused multiply-add" : "mul + add"} (GFLOP/s)`,
    gemm: `GEMM ${w.shape?.join("x")} (GFLOP/s)`,
  }[w.kind];
  return { workload, unit: w.kind === "gemm" || w.kind === "peak" ? "GFLOP/s" : "s", values, cpu, peakMiB };
});
const peakRows = (["mul", "fused"] as const).flatMap((kind) => {
  const row = rows.find((r) => r.workload.startsWith(`wasm SIMD peak, ${kind}`));
  return row ? [{ label: `dl / peak (${kind === "mul" ? "mul + add" : "fused"})`, row }] : [];
});

// Ratio "dl vs peer": > 1 means dl is faster.
const ratio = (row: Row, peer: string, of: "values" | "cpu" = "values") => {
  const d = row[of]["dl"],
    p = row[of][peer];
  if (d == null || p == null) return "";
  return `${(row.unit === "s" ? p / d : d / p).toFixed(2)}x`;
};
const others = peers.filter((p) => ratioPeers.has(p));
/** dl's GEMM GFLOP/s as a fraction of a wasm SIMD peak measured in the same run. */
const ofPeak = (row: Row, peak: Row) => {
  const d = row.values["dl"],
    p = peak.values["dl"];
  return row.workload.startsWith("GEMM") && d != null && p != null ? `${((100 * d) / p).toFixed(0)}%` : "";
};
const fmt = (v: number | null | undefined) => (v == null ? "-" : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const extra = peakRows.map((p) => p.label);
const header = ["workload", ...peers, ...others.map((p) => `dl vs ${p}`), ...extra];
const blank = [...others, ...extra].map(() => "");
const memoryLabel: Partial<Record<Workload["kind"], string>> = { mlp: "MLP epoch", cnn: "CNN pass", resnet: "ResNet-blocks pass" };
const lines = [
  `| ${header.join(" | ")} |`,
  `|${header.map(() => "---").join("|")}|`,
  ...rows.map(
    (r) =>
      `| ${[r.workload, ...peers.map((p) => fmt(r.values[p])), ...others.map((p) => ratio(r, p)), ...peakRows.map((p) => ofPeak(r, p.row))].join(" | ")} |`,
  ),
  ...workloads.flatMap((w, i) =>
    memoryLabel[w.kind]
      ? [`| peak memory, ${memoryLabel[w.kind]} (MiB) | ${[...peers.map((p) => fmt(rows[i]!.peakMiB[p])), ...blank].join(" | ")} |`]
      : [],
  ),
];
const env =
  `Node ${process.version}, ${new Date().toISOString()}, median of ${reps} interleaved runs, 1 thread each (${TWO_THREADS}: 2)` +
  (blas ? `\nPyTorch ${torchVersion()} BLAS: ${blas.line}` : "");

function torchVersion(): string {
  return spawnSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" }).stdout.trim();
}
// The same timed workloads in main-thread CPU seconds: what each peer's work costs, whatever
// else ran on the machine meanwhile (wall times on a loaded 2-core machine can double).
const cpuRows = rows.filter((r) => Object.values(r.cpu).some((v) => v != null));
const cpuPeers = peers.filter((p) => cpuRows.some((r) => r.cpu[p] != null));
const cpuOthers = cpuPeers.filter((p) => ratioPeers.has(p));
const cpuHeader = ["main-thread CPU time", ...cpuPeers, ...cpuOthers.map((p) => `dl vs ${p}`)];
const cpuLines = cpuRows.length
  ? [
      "",
      `| ${cpuHeader.join(" | ")} |`,
      `|${cpuHeader.map(() => "---").join("|")}|`,
      ...cpuRows.map(
        (r) => `| ${[r.workload, ...cpuPeers.map((p) => fmt(r.cpu[p])), ...cpuOthers.map((p) => ratio(r, p, "cpu"))].join(" | ")} |`,
      ),
    ]
  : [];
const table = [...lines, ...cpuLines].join("\n");
console.log(
  `\n${env}\n\n${table}\n\n${notes.map((n) => `- ${n}`).join("\n")}\n\nratios: > 1 means dl is faster (time ratio for the timed workloads, GFLOP/s ratio for GEMM).`,
);

mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(
  join(root, "bench/results/latest.json"),
  JSON.stringify({ env, reps, peers, rows, notes, samples: Object.fromEntries(samples) }, null, 2) + "\n",
);
writeFileSync(
  join(root, "bench/results/latest.md"),
  `# Benchmark results\n\n${env}\n\n${table}\n\n${notes.map((n) => `- ${n}`).join("\n")}\n\nRatios: > 1 means dl is faster.\n`,
);
