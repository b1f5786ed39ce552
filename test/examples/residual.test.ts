// examples/residual_mlp.dl: an MLP of residual blocks separates three spiral arms with its fixed
// seed. The trivial baseline, computed here from the same split, predicts the training set's most
// common class (≈ 1/3 on the validation split); the model must reach 0.95 and beat it by 0.5.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../interpreter/run.ts";
import { prepareData } from "../../interpreter/runtime/data.ts";
import { compile, collect } from "../interpreter/runtime/helpers.ts";

const file = fileURLToPath(new URL("../../examples/residual_mlp.dl", import.meta.url));
const program = compile(readFileSync(file, "utf8"), file);

test("residual_mlp.dl: the model is built from residual blocks", () => {
  const nodes = program.checked.models.get("residual_mlp")!.nodes;
  assert.is(nodes.filter((node) => node.type === "residual").length, 3);
});

test("residual_mlp.dl: validation accuracy ≥ 0.95, 0.5 above the majority-class baseline", async () => {
  const { train, validation } = prepareData(program.checked.data.get("arms")!, file).splits;
  assert.ok(validation, "residual_mlp.dl holds out a validation split");
  const counts = new Map<number, number>();
  for (const label of train.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const baseline = validation!.labels.filter((label) => label === majority).length / validation!.count;
  assert.ok(baseline < 0.5, `majority baseline ${baseline}`);

  const run = collect();
  await runProgram(program, { backend: new CpuBackend(), reporter: run.reporter });
  const [evaluated] = run.evaluated;
  assert.is(evaluated!.split, "validation");
  assert.is(evaluated!.count, validation!.count);
  const accuracy = evaluated!.logs["accuracy"]!;
  assert.ok(accuracy >= 0.95, `accuracy ${accuracy}`);
  assert.ok(accuracy >= baseline + 0.5, `accuracy ${accuracy} vs majority baseline ${baseline}`);
});

test.run();
