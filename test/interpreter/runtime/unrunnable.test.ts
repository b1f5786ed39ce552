// DL304 before anything runs: on a backend that lacks kernels, `train`, `evaluate` and `load`
// point at the first layer, the `loss` line or the `optimizer` line that needs them; evaluation
// after `load` needs forward kernels only, and then really runs without backward kernels.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { reportText } from "../../../cli/report.ts";
import { DiagnosticError } from "../../../diagnostics/diagnostic.ts";
import type { Backend } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { collect, compile } from "./helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-unrunnable-"));

/** The CPU backend, named webgl, without the kernels whose names start with one of `prefixes`. */
function lacking(...prefixes: string[]): Backend {
  const cpu = new CpuBackend();
  const kernels = new Set([...cpu.kernels].filter((k) => !prefixes.some((p) => k.startsWith(p))));
  return Object.assign(Object.create(cpu) as Backend, { name: "webgl", kernels });
}

const forecaster = (optimizer: string) => `model forecaster {
  input 10 1
  layer lstm 8 return_sequences=true
  layer lstm 4
  layer dense 1
}

data wave {
  source sine points=60 window=10
}

train forecaster on wave {
${optimizer}  loss mean_squared_error
  epochs 1
}
`;

/** What `dl run` prints for the DL304 that running `source` on `backend` raises. */
async function refusal(source: string, backend: Backend): Promise<string> {
  try {
    await runProgram(compile(source, "forecast.dl"), { backend });
  } catch (e) {
    if (e instanceof DiagnosticError && e.diagnostic.code === "DL304") return reportText([e.diagnostic], "forecast.dl", source);
    throw e;
  }
  throw new Error("ran without DL304");
}

test("an LSTM on a backend without recurrent kernels: the first lstm line, the kernel, the other layer in the hint", async () => {
  const output = await refusal(forecaster("  optimizer sgd\n"), lacking("lstm"));
  assert.is(
    output,
    [
      "forecast.dl:3:3: error[DL304]: layer `lstm` of model `forecaster` cannot run on the webgl backend",
      "  |",
      "3 |   layer lstm 8 return_sequences=true",
      "  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ needs kernels `lstm` and `lstm_bptt`, which the webgl backend lacks",
      "  = hint: also missing on webgl: `lstm_1` needs kernels `lstm` and `lstm_bptt`",
      "",
      "forecast.dl: 1 error",
    ].join("\n"),
  );
});

test("a missing backward kernel alone is enough to refuse training", async () => {
  const output = await refusal(forecaster("  optimizer sgd\n"), lacking("lstm_bptt"));
  assert.match(output, "needs kernel `lstm_bptt`, which the webgl backend lacks");
});

test("the loss and the optimizer: carets on their lines; the default optimizer on the train statement", async () => {
  const loss = await refusal(forecaster("  optimizer adam\n"), lacking("mse", "adam_update"));
  assert.match(loss, "forecast.dl:14:3: error[DL304]: loss `mean_squared_error` cannot run on the webgl backend\n");
  assert.match(
    loss,
    "14 |   loss mean_squared_error\n   |   ^^^^^^^^^^^^^^^^^^^^^^^ needs kernels `mse` and `mse_grad`, which the webgl backend lacks\n",
  );
  assert.match(loss, "= hint: also missing on webgl: the optimizer `adam` needs kernel `adam_update`\n");

  const optimizer = await refusal(forecaster("  optimizer adam clipnorm=1.0\n"), lacking("clip_by_norm"));
  assert.match(optimizer, "forecast.dl:13:3: error[DL304]: optimizer `adam` cannot run on the webgl backend\n");
  assert.match(optimizer, "^^^^^^^^^^^^^^^^^^^^^^^^^^^ needs kernel `clip_by_norm`, which the webgl backend lacks\n");
  assert.match(optimizer, "= hint: nothing else in this model is missing; the cpu backend has every kernel");

  const unset = await refusal(forecaster(""), lacking("rmsprop_update"));
  assert.match(unset, "forecast.dl:12:1: error[DL304]: optimizer `rmsprop` cannot run on the webgl backend\n");
});

const saved = join(tmp, "forecaster.safetensors");
const evaluateLoaded = `model forecaster {
  input 10 1
  layer lstm 8 return_sequences=true
  layer lstm 4
  layer dense 1
}

data wave {
  source sine points=60 window=10
}

load forecaster "${saved}"
evaluate forecaster on wave
`;

test("load then evaluate needs forward kernels only: it runs without backward kernels and matches the CPU", async () => {
  await runProgram(compile(forecaster("  optimizer sgd\n") + `save forecaster "${saved}"\n`), { backend: new CpuBackend() });
  const onCpu = collect();
  await runProgram(compile(evaluateLoaded), { backend: new CpuBackend(), reporter: onCpu.reporter });
  const forwardOnly = collect();
  await runProgram(compile(evaluateLoaded), {
    backend: lacking("lstm_bptt", "mse_grad", "bias_grad", "sgd_"),
    reporter: forwardOnly.reporter,
  });
  assert.is(forwardOnly.evaluated.length, 1);
  assert.equal(forwardOnly.evaluated[0]!.logs, onCpu.evaluated[0]!.logs);
  assert.ok(onCpu.evaluated[0]!.logs["loss"]! > 0);

  const output = await refusal(evaluateLoaded, lacking("lstm"));
  assert.match(output, "forecast.dl:3:3: error[DL304]: layer `lstm` of model `forecaster` cannot run on the webgl backend\n");
  assert.match(output, "needs kernel `lstm`, which the webgl backend lacks\n");
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
