// How `dl check --backends` prints a comparison that fails: the differing values in the table and
// a verdict naming the worst one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatParity } from "../../cli/parity.ts";
import type { Backend } from "../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { parityReports } from "../../interpreter/runtime/program-parity.ts";
import { compile } from "../interpreter/runtime/helpers.ts";

/** The CPU backend, named webgl, whose `sigmoid` adds 0.5 to the first value it writes. */
function offSigmoid(): Backend {
  const cpu = new CpuBackend();
  const run: Backend["run"] = (name, inputs, outputs, attrs) => {
    cpu.run(name, inputs, outputs, attrs);
    if (name === "sigmoid") (outputs[0] as unknown as { data: Float32Array }).data[0]! += 0.5;
  };
  return Object.assign(Object.create(cpu) as Backend, { name: "webgl", run });
}

test("a mismatch: the layer's output difference in the table and a MISMATCH verdict on the worst value", async () => {
  const { checked } = compile("model gate {\n  input 2\n  layer dense 1 sigmoid\n}\n");
  const [report] = await parityReports(checked, [new CpuBackend(), offSigmoid()]);
  assert.not.ok(report!.passed);
  const lines = formatParity(report!).split("\n");
  assert.is(
    lines[0],
    'Parity of "gate": webgl against cpu, one forward and backward pass of 4 random examples, seed 0, loss binary_crossentropy',
  );
  assert.is(lines[4], " dense  output                 5.00e-1       5.00e-1");
  assert.is(lines.at(-2), "MISMATCH: webgl differs from cpu by 5.00e-1 (relative) in dense output, over the tolerance 1e-4");
});

test.run();
