// The plumbing every `dl export --to FORMAT` shares: which model and weights are exported (an
// explicit weights file, else the program's `save` file when it exists, else the seed's
// weights), the refusal of layers a format cannot express (DL601, on the layer's line, before
// anything is read or written) and writes that leave a whole export or nothing.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DiagnosticError } from "../../../diagnostics/diagnostic.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { exportModel } from "../../../interpreter/engines/export/export-model.ts";
import type { ExportFormat } from "../../../interpreter/engines/export/format.ts";
import { exportFormatNames } from "../../../interpreter/engines/export/format-names.ts";
import { exportFormats } from "../../../interpreter/engines/export/formats.ts";
import { refuseUnexportable } from "../../../interpreter/engines/export/refuse-layers.ts";
import { writeExport } from "../../../interpreter/engines/export/write-export.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { UserError } from "../../../interpreter/runtime/user-error.ts";
import { saveWeights } from "../../../interpreter/runtime/weights.ts";
import { compile } from "../runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-export-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const source = `
model m {
  input 3
  layer dense 4 relu
  layer dense 2 softmax
}

data d {
  source spirals points=10 classes=2
  scale 0.5
}

train m on d {
  loss sparse_categorical_crossentropy
  epochs 1
  seed 11
}

save m "m.safetensors"
`;

/** A format that refuses what it is told to, for the refusal's wording; it records what it was given. */
function refusing(kinds: string[]): ExportFormat & { given: unknown[] } {
  const given: unknown[] = [];
  return {
    name: "testformat",
    extension: ".test",
    refusal: (layer) => (kinds.includes(layer.spec.name) ? `no ${layer.spec.name} here` : undefined),
    kinds: () => ["dense", "flatten"],
    output: (input) => (given.push(input), { file: new Uint8Array([1]) }),
    given,
  };
}

test("the format names the command line lists are the registered formats", () => {
  assert.equal([...exportFormats.keys()].sort(), [...exportFormatNames].sort());
});

test("a layer a format cannot express is refused on its line, the hint naming the others", () => {
  const loaded = compile(`model m {\n  input 6 2\n  layer lstm 4 return_sequences=true\n  layer flatten\n  layer dense 2\n}\n`);
  const model = loaded.checked.models.get("m")!;
  try {
    refuseUnexportable(model, refusing(["lstm", "dense"]));
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, DiagnosticError);
    const { diagnostic } = e as DiagnosticError;
    assert.is(diagnostic.code, "DL601");
    assert.is(diagnostic.span.start.line, 3);
    assert.is(diagnostic.message, "layer `lstm` of model `m` has no testformat counterpart");
    assert.is(diagnostic.label, "no lstm here");
    assert.equal(diagnostic.hints, ["`dense` (line 5) cannot be exported to testformat either"]);
  }
  try {
    refuseUnexportable(model, refusing(["lstm"]));
    assert.unreachable("refused");
  } catch (e) {
    assert.equal((e as DiagnosticError).diagnostic.hints, ["testformat takes dense, flatten"]);
  }
  refuseUnexportable(model, refusing([]));
});

test("without a weights file the model is exported with the train statement's seed, and a --seed overrides it", async () => {
  const folder = join(tmp, "seeded");
  mkdirSync(folder);
  const loaded = { ...compile(source), file: join(folder, "m.dl") };
  const exported = await exportModel(loaded, { to: "onnx" });
  assert.is(exported.weights, undefined);
  assert.is(exported.seed, 11);
  assert.equal(exported.preprocess, []);
  const overridden = await exportModel(loaded, { to: "onnx", seed: 12 });
  assert.is(overridden.seed, 12);
  const bytes = (o: typeof exported) => ("file" in o.output ? o.output.file : new Uint8Array());
  assert.not.equal(bytes(exported), bytes(overridden));
  // The same seed gives the same weights: the bytes are the model as `train` would start it.
  assert.equal(bytes(await exportModel(loaded, { to: "onnx" })), bytes(exported));
});

test("the program's save file is the default weights; --weights names another; a file of another model is refused", async () => {
  const folder = join(tmp, "saved");
  mkdirSync(folder);
  const loaded = { ...compile(source), file: join(folder, "m.dl") };
  const model = loaded.checked.models.get("m")!;
  const runtime = new ModelRuntime(new CpuBackend(), model, { name: "sparse_categorical_crossentropy", config: {} }, 99);
  const metadata = { model: "m", source: "", loss: runtime.loss, metrics: [], preprocess: [{ scale: 0.5 }], classes: ["a", "b"] };
  await saveWeights(runtime, join(folder, "m.safetensors"), metadata);
  const exported = await exportModel(loaded, { to: "onnx" });
  assert.is(exported.weights, join(folder, "m.safetensors"));
  assert.equal(exported.preprocess, [{ scale: 0.5 }]);
  // The class names travel in the ONNX model's metadata_props.
  const text = new TextDecoder("latin1").decode("file" in exported.output ? exported.output.file : undefined);
  assert.ok(text.includes('dl.classes\x12\t["a","b"]'), "metadata_props entry dl.classes");

  await saveWeights(runtime, join(folder, "other.safetensors"), { ...metadata, preprocess: [] });
  const explicit = await exportModel(loaded, { to: "onnx", weights: join(folder, "other.safetensors") });
  assert.equal(explicit.preprocess, []);

  const other = compile(source.replaceAll("model m", "model n").replaceAll("train m", "train n").replaceAll("save m", "save n"));
  const otherRuntime = new ModelRuntime(new CpuBackend(), other.checked.models.get("n")!, runtime.loss, 1);
  await saveWeights(otherRuntime, join(folder, "n.safetensors"), { ...metadata, model: "n" });
  try {
    await exportModel(loaded, { to: "onnx", weights: join(folder, "n.safetensors") });
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, UserError);
    assert.is((e as UserError).code, "DL302");
    assert.match((e as UserError).message, "holds weights of model `n`");
  }
});

test("a file export is written whole or not at all", () => {
  const folder = join(tmp, "atomic-file");
  mkdirSync(folder);
  const path = join(folder, "model.onnx");
  writeExport({ file: new Uint8Array([1, 2, 3]) }, path);
  assert.equal([...readFileSync(path)], [1, 2, 3]);
  writeExport({ file: new Uint8Array([4]) }, path);
  assert.equal([...readFileSync(path)], [4]);
  try {
    writeExport({ file: new Uint8Array([5]) }, join(folder, "missing", "model.onnx"));
    assert.unreachable("refused");
  } catch (e) {
    assert.instance(e, UserError);
    assert.is((e as UserError).code, "DL305");
  }
  assert.equal(readdirSync(folder), ["model.onnx"]);
});

test("a folder export replaces an earlier one whole, and a failed one leaves nothing", () => {
  const folder = join(tmp, "atomic-folder");
  mkdirSync(folder);
  const path = join(folder, "web_model");
  writeExport(
    {
      folder: new Map([
        ["model.json", new Uint8Array([1])],
        ["group1-shard1of1.bin", new Uint8Array([2])],
      ]),
    },
    path,
  );
  assert.equal(readdirSync(path).sort(), ["group1-shard1of1.bin", "model.json"]);
  writeExport({ folder: new Map([["model.json", new Uint8Array([3])]]) }, path);
  assert.equal(readdirSync(path), ["model.json"]);
  assert.equal([...readFileSync(join(path, "model.json"))], [3]);
  assert.equal(readdirSync(folder), ["web_model"]);
  // The second file cannot be written (its folder would be the first file): nothing is left of the export.
  const failing = new Map([
    ["a.bin", new Uint8Array([1])],
    ["a.bin/b.bin", new Uint8Array([2])],
  ]);
  for (const target of [join(folder, "fresh"), path]) {
    try {
      writeExport({ folder: failing }, target);
      assert.unreachable("refused");
    } catch (e) {
      assert.is((e as UserError).code, "DL305");
    }
  }
  assert.equal(readdirSync(folder), ["web_model"]);
  assert.equal([...readFileSync(join(path, "model.json"))], [3]);
  // Inside a path that is a file, nothing can be created.
  writeFileSync(join(folder, "file"), "");
  try {
    writeExport({ folder: failing }, join(folder, "file", "out"));
    assert.unreachable("refused");
  } catch (e) {
    assert.is((e as UserError).code, "DL305");
  }
  assert.equal(readdirSync(folder).sort(), ["file", "web_model"]);
});

test.run();
