// Training survives kill -9: runs with `checkpoint "ck" every=1` are killed with SIGKILL at
// moments spread over the run (during steps and during checkpoint writes), each is resumed with
// `resume` (what `dl run --resume` does), and the final weights are byte-identical to a run that
// was never interrupted, with no temporary file left behind. The model is wide enough that
// writing its checkpoint (weights and Adam's two moments) takes a noticeable part of each epoch.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram, type RunReporter } from "../../interpreter/run.ts";
import { loadProgram } from "../../interpreter/runtime/load-program.ts";
import { TEMP_SUFFIX } from "../../stdlib/files.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "dl-resume-kill-"));

const source = `model net {
  input 2
  layer dense 384 relu
  layer dropout 0.2
  layer dense 2 softmax
}

data d {
  source spirals points=160
  validation 0.2
}

train net on d {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 10
  batch 16
  seed 5
  checkpoint "ck" every=1 keep=2
}

save net "final.safetensors"
`;

const TRIALS = 10;
const SIGINT_EPOCHS = 400;

function workspace(name: string, epochs = 10): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "prog.dl"), source.replace("epochs 10", `epochs ${epochs}`));
  return dir;
}

/** Runs the program here, in this process; `resume` as `dl run --resume`. Returns where it resumed from. */
async function runHere(dir: string, resume: boolean): Promise<string | undefined> {
  const loaded = loadProgram(join(dir, "prog.dl"));
  let resumedFrom: string | undefined;
  const reporter: RunReporter = {
    resumed: (path, epoch, step) => void (resumedFrom = `${path.slice(dir.length + 1)} (epoch ${epoch}, step ${step})`),
  };
  await runProgram(
    { file: loaded.file, source: loaded.source, program: loaded.program!, checked: loaded.checked! },
    { backend: new CpuBackend(), resume, reporter },
  );
  return resumedFrom;
}

/**
 * Starts `dl run` and kills it with SIGKILL `delay` ms after it printed the end of epoch `epoch`
 * (0: after its header). The checkpoint of an epoch is written right after its line, so a short
 * delay lands in the write and a longer one in the next epoch's steps.
 */
function runAndKill(dir: string, epoch: number, delay: number): Promise<{ killed: boolean; tempLeft: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bin/dl.js"), "run", "prog.dl"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const marker = epoch === 0 ? "Training net" : `Epoch ${epoch}/`;
    let out = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (!timer && out.includes(marker)) timer = setTimeout(() => child.kill("SIGKILL"), delay);
    });
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      const ck = join(dir, "ck");
      resolve({ killed: signal === "SIGKILL", tempLeft: existsSync(ck) && readdirSync(ck).some((f) => f.endsWith(TEMP_SUFFIX)) });
    });
  });
}

test(`${TRIALS} runs killed with SIGKILL and resumed end with weights byte-identical to an uninterrupted run, and no temp files`, async () => {
  const reference = workspace("reference");
  await runHere(reference, false);
  const expected = readFileSync(join(reference, "final.safetensors"));

  // Moments spread over the run: after the header or epoch k's line, at once (in the checkpoint
  // write) or later (in the next epoch's steps), pseudo-randomly but the same every time.
  const moments = Array.from({ length: TRIALS }, (_, t) => ({ epoch: t % 9, delay: t % 2 === 0 ? (t * 7) % 4 : 15 + ((t * 7919) % 60) }));
  const outcomes: { epoch: number; delay: number; killed: boolean; tempLeft: boolean; resumedFrom: string | undefined }[] = [];
  for (let i = 0; i < TRIALS; i += 2) {
    // Two at a time: the killed runs are separate processes.
    const pair = [i, i + 1].filter((t) => t < TRIALS);
    const killed = await Promise.all(pair.map((t) => runAndKill(workspace(`trial-${t}`), moments[t]!.epoch, moments[t]!.delay)));
    for (const [k, t] of pair.entries()) {
      const dir = join(tmp, `trial-${t}`);
      const resumedFrom = await runHere(dir, true);
      outcomes.push({ ...moments[t]!, ...killed[k]!, resumedFrom });
      assert.ok(
        readFileSync(join(dir, "final.safetensors")).equals(expected),
        `trial ${t} (killed ${moments[t]!.delay} ms after epoch ${moments[t]!.epoch}, resumed from ${resumedFrom}): weights differ`,
      );
      const left = [...readdirSync(dir), ...readdirSync(join(dir, "ck"))].filter((f) => f.includes(TEMP_SUFFIX) || f.includes(".tmp"));
      assert.equal(left, [], `trial ${t}: temp files left`);
    }
  }
  console.log(
    outcomes
      .map(
        (o, t) =>
          `  trial ${t}: SIGKILL ${o.delay} ms after ${o.epoch ? `epoch ${o.epoch}'s line` : "the header"}${o.killed ? "" : " (finished first)"}${o.tempLeft ? ", during a checkpoint write" : ""}; resumed from ${o.resumedFrom ?? "nothing (no checkpoint yet)"}`,
      )
      .join("\n"),
  );
  // The moments must really interrupt training: most runs were killed, and some resumed mid-run.
  assert.ok(outcomes.filter((o) => o.killed).length >= TRIALS - 2, "most runs were killed before they finished");
  assert.ok(
    outcomes.some((o) => o.resumedFrom !== undefined),
    "some run resumed from a checkpoint",
  );
});

test("Ctrl-C (SIGINT) stops after a step with a checkpoint, one line and exit 130; resuming ends byte-identical", async () => {
  // A long run (its own uninterrupted reference, built here), so that SIGINT lands in training even
  // when this process reads the child's header line late.
  const reference = workspace("sigint-reference", SIGINT_EPOCHS);
  await runHere(reference, false);
  const expected = readFileSync(join(reference, "final.safetensors"));
  const dir = workspace("sigint", SIGINT_EPOCHS);
  const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bin/dl.js"), "run", "prog.dl"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let out = "";
    let stderr = "";
    // On the header line, before the first epoch ends: on a fast, idle machine the remaining
    // epochs can all finish within a few milliseconds of a later line reaching this pipe.
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (!out.includes("Training ") && (out += chunk).includes("Training ")) child.kill("SIGINT");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
  assert.is(run.code, 130, run.stderr);
  assert.match(
    run.stderr.split("\n").find((line) => line.startsWith("Interrupted")) ?? run.stderr,
    /^Interrupted (in epoch \d+ after step \d+|after epoch \d+): checkpoint \S+ck\/epoch-\d{6}(-step-\d{6})?\.safetensors written; continue with `dl run prog\.dl --resume`$/,
  );
  assert.not.match(run.stderr, /^\s+at /m);
  const resumedFrom = await runHere(dir, true);
  assert.ok(resumedFrom, "resumed from the checkpoint Ctrl-C wrote");
  assert.ok(readFileSync(join(dir, "final.safetensors")).equals(expected), `resumed from ${resumedFrom}: weights differ`);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
