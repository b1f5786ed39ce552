// `dl import` as users run it: a TF.js export of a conv+batchnorm model becomes a .dl file that
// `dl check` accepts with the original's summary, and weights `dl predict` reads; a model with
// layers dl lacks exits 1 with DL602 listing them (Keras classes), no stack trace, nothing written.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { tfjsFiles } from "../../interpreter/engines/tfjs/model-json.ts";
import { summarize } from "../../interpreter/summary.ts";
import { build, sources } from "../interpreter/engines/export/models.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-import-cli-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const dl = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/dl.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

test("dl import writes a program dl check accepts and weights dl predict reads", async () => {
  const built = await build(sources["conv_batchnorm"]!);
  const folder = join(tmp, "tfjs");
  mkdirSync(folder);
  for (const [name, bytes] of tfjsFiles(built.model, built.weights)) writeFileSync(join(folder, name), bytes);
  const run = dl("import", join(folder, "model.json"), "--out", join(tmp, "imported.dl"));
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /Wrote .*imported\.dl and .*imported\.safetensors/);
  const checked = dl("check", join(tmp, "imported.dl"));
  assert.is(checked.status, 0, checked.stderr);
  assert.ok(checked.stdout.includes(summarize(built.model)), checked.stdout);
  writeFileSync(
    join(tmp, "rows.csv"),
    Array.from({ length: 2 }, (_, r) => Array.from({ length: 128 }, (_, i) => ((i * 7 + r) % 10) / 10).join(",")).join("\n"),
  );
  const predicted = dl("predict", join(tmp, "imported.safetensors"), join(tmp, "rows.csv"));
  assert.is(predicted.status, 0, predicted.stderr);
  assert.is(predicted.stdout.trim().split("\n").length, 3);
});

test("layers dl lacks: exit 1, DL602 with their Keras classes, nothing written", () => {
  const folder = join(tmp, "unsupported");
  mkdirSync(folder);
  const topology = {
    class_name: "Sequential",
    config: {
      name: "s",
      layers: [
        { class_name: "Conv2DTranspose", config: { name: "up", filters: 2, kernel_size: [2, 2], batch_input_shape: [null, 4, 4, 1] } },
        { class_name: "Flatten", config: { name: "flat" } },
        { class_name: "ActivityRegularization", config: { name: "reg" } },
      ],
    },
  };
  writeFileSync(join(folder, "model.json"), JSON.stringify({ modelTopology: topology, weightsManifest: [] }));
  const run = dl("import", join(folder, "model.json"));
  assert.is(run.status, 1);
  assert.match(run.stderr, /error\[DL602\]: .*2 layers dl cannot import: `up` \(Conv2DTranspose\).*`reg` \(ActivityRegularization\)/);
  assert.not.match(run.stderr, /^\s+at /m);
  assert.equal(readdirSync(folder), ["model.json"]);
  assert.not.ok(existsSync(join(folder, "model.dl")));
});

test.run();
