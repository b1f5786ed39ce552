// npm run bench: dl against TF.js (cpu and wasm backends) and PyTorch (1 thread, when Debian's
// python3-torch is installed), on the same workloads, interleaved run by run so that load on
// the machine hits every peer alike. Each measurement runs in its own child process, which
// also gives its peak memory. Prints medians and ratios; writes bench/results/latest.{json,md}.
// Asserts nothing: timings on shared machines vary, so they never decide a test.
//   BENCH_REPS=3           runs per measurement (median reported)
//   BENCH_SKIP=tfjs-cpu    comma-separated peers to leave out
//   BENCH_ONLY=cnn         comma-separated workloads to run: mlp, cnn, gemm (all GEMMs) or one
//                          GEMM's id such as "gemm 512x512x512"; default all
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CNN_IMAGES } from "./workers/common.ts";
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

const hasTorch = spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
const notes: string[] = [];
if (!hasTorch) notes.push(`PyTorch skipped: \`${PYTHON} -c "import torch"\` failed (apt-get install python3-torch to include it).`);
const peers = ["dl", "dl-plain", "tfjs-wasm", "tfjs-cpu", ...(hasTorch ? ["pytorch"] : [])].filter((p) => !skip.has(p));

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

type Workload = { id: string; kind: "mlp" | "cnn" | "gemm"; shape?: [number, number, number] };
const allWorkloads: Workload[] = [
  { id: "mlp", kind: "mlp" },
  { id: "cnn", kind: "cnn" },
  ...GEMM_SHAPES.map((shape): Workload => ({ id: `gemm ${shape.join("x")}`, kind: "gemm", shape })),
];
const workloads = allWorkloads.filter((w) => only.size === 0 || only.has(w.id) || only.has(w.kind));
if (workloads.length === 0)
  throw new Error(`BENCH_ONLY=${process.env["BENCH_ONLY"]} names no workload (mlp, cnn, gemm, or e.g. "gemm 512x512x512")`);
const has = (kind: Workload["kind"]) => workloads.some((w) => w.kind === kind);
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
  switch (peer) {
    case "dl":
      return [...node, "bench/workers/dl.ts", w.kind, ...shape]; // cnn: CNN_IMAGES by default
    case "dl-plain": // the plain reference kernel, GEMM only
      return w.kind === "gemm" && w.shape![0] <= 512 ? [...node, "bench/workers/dl.ts", "gemm", ...shape, "reference"] : undefined;
    case "tfjs-cpu":
    case "tfjs-wasm": {
      const backend = peer.slice(5);
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
      if (w.kind === "cnn") {
        const f = torchFiles();
        return [PYTHON, "bench/workers/torch_worker.py", "cnn", f.x, f.y, String(CNN_IMAGES)];
      }
      return [PYTHON, "bench/workers/torch_worker.py", "gemm", ...shape];
    }
  }
  return undefined;
}

type Sample = { seconds?: number; gflops?: number; maxRssMiB: number };
const samples = new Map<string, Sample[]>();
for (let rep = 0; rep < reps; rep++) {
  for (const w of workloads) {
    for (const peer of peers) {
      const cmd = command(peer, w);
      if (!cmd) continue;
      const run = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
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
  peakMiB: Record<string, number | null>;
}
const rows: Row[] = workloads.map((w) => {
  const values: Record<string, number | null> = {};
  const peakMiB: Record<string, number | null> = {};
  for (const peer of peers) {
    const s = samples.get(`${w.id}|${peer}`);
    values[peer] = s ? median(s.map((x) => (w.kind === "gemm" ? x.gflops! : x.seconds!))) : null;
    peakMiB[peer] = s ? median(s.map((x) => x.maxRssMiB)) : null;
  }
  const workload =
    w.kind === "mlp"
      ? "MNIST MLP epoch (s)"
      : w.kind === "cnn"
        ? `MNIST CNN pass, ${CNN_IMAGES.toLocaleString("en-US")} images (s)`
        : `GEMM ${w.shape!.join("x")} (GFLOP/s)`;
  return { workload, unit: w.kind === "gemm" ? "GFLOP/s" : "s", values, peakMiB };
});

// Ratio "dl vs peer": > 1 means dl is faster.
const ratio = (row: Row, peer: string) => {
  const d = row.values["dl"],
    p = row.values[peer];
  if (d == null || p == null) return "";
  return `${(row.unit === "s" ? p / d : d / p).toFixed(2)}x`;
};
const others = peers.filter((p) => p !== "dl");
const fmt = (v: number | null | undefined) => (v == null ? "-" : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const header = ["workload", ...peers, ...others.map((p) => `dl vs ${p}`)];
const lines = [
  `| ${header.join(" | ")} |`,
  `|${header.map(() => "---").join("|")}|`,
  ...rows.map((r) => `| ${[r.workload, ...peers.map((p) => fmt(r.values[p])), ...others.map((p) => ratio(r, p))].join(" | ")} |`),
  ...workloads.flatMap((w, i) =>
    w.kind === "gemm"
      ? []
      : [
          `| peak memory, ${w.kind === "mlp" ? "MLP epoch" : "CNN pass"} (MiB) | ${peers.map((p) => fmt(rows[i]!.peakMiB[p])).join(" | ")} |${others.map(() => "").join(" |")} |`,
        ],
  ),
];
const env = `Node ${process.version}, ${new Date().toISOString()}, median of ${reps} interleaved runs, 1 thread each`;
const table = lines.join("\n");
console.log(
  `\n${env}\n\n${table}\n\n${notes.map((n) => `- ${n}`).join("\n")}\n\nratios: > 1 means dl is faster (time ratio for the MLP epoch and CNN pass, GFLOP/s ratio for GEMM).`,
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
