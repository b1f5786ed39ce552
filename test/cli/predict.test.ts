// `dl predict` on a backend that lacks kernels: forward kernels are all it needs, and a missing
// one is a one-line error naming the layer and the kernel.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Backend } from "../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../interpreter/run.ts";
import { predictFile } from "../../interpreter/runtime/predict-file.ts";
import { UserError } from "../../interpreter/runtime/user-error.ts";
import { compile } from "../interpreter/runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-predict-"));
const weights = join(tmp, "xor.safetensors");
const input = join(tmp, "input.csv");

/** The CPU backend, named webgl, without `missing`. */
function lacking(...missing: string[]): Backend {
  const cpu = new CpuBackend();
  return Object.assign(Object.create(cpu) as Backend, {
    name: "webgl",
    kernels: new Set([...cpu.kernels].filter((k) => !missing.includes(k))),
  });
}

test.before(async () => {
  const source =
    "model xor_net {\n  input 2\n  layer dense 4 tanh\n  layer dense 1 sigmoid\n}\n\ndata xor {\n  source xor\n}\n\n" +
    `train xor_net on xor {\n  optimizer adam\n  loss binary_crossentropy\n  epochs 2\n}\n\nsave xor_net "${weights}"\n`;
  await runProgram(compile(source), { backend: new CpuBackend() });
  writeFileSync(input, "a,b\n0,1\n1,1\n");
});

test("without backward and update kernels, predictions are the CPU's", async () => {
  const expected = await predictFile(weights, input, new CpuBackend());
  assert.is(expected.rows.length, 2);
  assert.equal(await predictFile(weights, input, lacking("tanh_grad", "bias_grad", "bce_grad", "adam_update")), expected);
});

test("without a forward kernel: a UserError naming the layer and the kernel", async () => {
  try {
    await predictFile(weights, input, lacking("tanh"));
    assert.unreachable("predicted without tanh");
  } catch (e) {
    assert.instance(e, UserError);
    assert.is(
      (e as UserError).message,
      `${weights}: layer \`dense\` of model \`xor_net\` cannot run on the webgl backend: needs kernel \`tanh\`, which the webgl backend lacks`,
    );
    assert.is((e as UserError).hint, "nothing else in this model is missing; the cpu backend has every kernel");
  }
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
