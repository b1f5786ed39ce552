// `dl export --to onnx` as users run it: it writes the model where --out says (MODEL.onnx by
// default) and says where the weights came from; a weights file that does not fit the model, or
// a path that cannot be written, ends with one line and its code, exit 1 and nothing on disk.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dl } from "../helpers/dl-cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-cli-export-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const program = (units: number) => `model m {
  input 4
  layer dense ${units} relu
  layer dense 3 softmax
}

data d {
  source iris
  standardize
}

train m on d {
  loss sparse_categorical_crossentropy
  epochs 1
  seed 5
}

save m "m.safetensors"
`;

test("dl export --to onnx writes MODEL.onnx, from the seed when the save file does not exist yet", async () => {
  const folder = mkdtempSync(join(tmp, "seed-"));
  writeFileSync(join(folder, "m.dl"), program(8));
  const run = await dl(folder, "export", "m.dl", "--to", "onnx");
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stdout.trim(), "Wrote m.onnx: model `m`, weights initialized from seed 5 (no weights file)");
  assert.equal(readdirSync(folder).sort(), ["m.dl", "m.onnx"]);
});

test("after a run, the save file's weights and preprocessing are exported; weights that do not fit, or an unwritable path, write nothing", async () => {
  const folder = mkdtempSync(join(tmp, "saved-"));
  writeFileSync(join(folder, "m.dl"), program(8));
  assert.is((await dl(folder, "run", "m.dl", "--quiet")).code, 0);
  const run = await dl(folder, "export", "m.dl", "--to", "onnx", "--out", "iris.onnx");
  assert.is(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^Wrote iris\.onnx: model `m`, weights from m\.safetensors; its input preprocessing \(standardize\) is part of the graph$/m,
  );

  writeFileSync(join(folder, "narrower.dl"), program(6));
  const mismatch = await dl(folder, "export", "narrower.dl", "--to", "onnx", "--weights", "m.safetensors");
  assert.is(mismatch.code, 1);
  assert.match(mismatch.stderr, /^error\[DL302\]: `dense\/kernel` is \(4, 8\) in m\.safetensors but \(4, 6\) in model `m`/);
  const unwritable = await dl(folder, "export", "m.dl", "--to", "onnx", "--out", "no/such/m.onnx");
  assert.is(unwritable.code, 1);
  assert.match(unwritable.stderr, "error[DL305]: cannot write no/such/m.onnx: its folder does not exist");
  for (const failed of [mismatch, unwritable]) assert.not.match(failed.stderr, /^\s+at /m);
  // `dl run` writes the history beside the weights (docs/report.md).
  assert.equal(readdirSync(folder).sort(), ["iris.onnx", "m.dl", "m.history.csv", "m.history.json", "m.safetensors", "narrower.dl"]);
});

test("options of the other kind of export are refused", async () => {
  const folder = mkdtempSync(join(tmp, "options-"));
  writeFileSync(join(folder, "m.dl"), program(8));
  const epochs = await dl(folder, "export", "m.dl", "--to", "onnx", "--epochs", "2");
  assert.is(epochs.code, 1);
  assert.match(epochs.stderr, "--epochs and --batch are options of --to pytorch");
  const noOut = await dl(folder, "export", "m.dl", "--to", "pytorch");
  assert.is(noOut.code, 1);
  assert.match(noOut.stderr, "--to pytorch needs --out <dir>");
  assert.equal(readdirSync(folder), ["m.dl"]);
});

test.run();
