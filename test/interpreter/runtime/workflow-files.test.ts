// loadProgram checks the files of `save` and `load` with the program, before any data is read:
// a missing folder (DL305), a missing or foreign weights file (DL301, DL302), another architecture.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { loadProgram } from "../../../interpreter/runtime/load-program.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-files-"));
const models =
  "model m {\n  input 4\n  layer dense 3 softmax\n}\n\nmodel n {\n  input 4\n  layer dense 5 relu\n  layer dense 3 softmax\n}\n\n";
const trainM = "data d {\n  source iris\n}\n\ntrain m on d {\n  loss sparse_categorical_crossentropy\n  epochs 1\n}\n\n";

function load(name: string, text: string) {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return loadProgram(file);
}

const brief = (d: Diagnostic) =>
  `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}${d.label ? ` (${d.label})` : ""}`;

test("save: a missing folder, a path that is a folder; a folder that exists is fine", () => {
  mkdirSync(join(tmp, "out"));
  const { diagnostics } = load(
    "save.dl",
    models + trainM + 'save m "no-such-folder/m.safetensors"\nsave m "out"\nsave m "out/m.safetensors"\n',
  );
  assert.equal(diagnostics.map(brief), [
    "error DL305 21:8 cannot write no-such-folder/m.safetensors: its folder does not exist (no such folder)",
    "error DL305 22:8 cannot write out: it is a folder (a folder, not a file)",
  ]);
});

test("save: never over the program, another .dl source or a data file (DL502); a name too long for the file system (DL305)", () => {
  writeFileSync(join(tmp, "rows.csv"), "a,b,c,d,y\n1,2,3,4,0\n");
  const data = 'data rows {\n  source csv "rows.csv" label=y classes=true\n}\n\n';
  const long = `${"w".repeat(250)}.safetensors`;
  const { diagnostics } = load(
    "own.dl",
    models +
      data +
      trainM +
      `save m "own.dl"\nsave m "other.DL"\nsave m "rows.csv"\nsave m "${long}"\nsave m "${"w".repeat(240)}.safetensors"\n`,
  );
  assert.equal(diagnostics.filter((d) => d.code !== "DL204").map(brief), [
    "error DL502 25:8 `save` would overwrite the program itself with weights (not a weights file)",
    "error DL502 26:8 `save` would overwrite a .dl source file with weights (not a weights file)",
    "error DL502 27:8 `save` would overwrite the data file of `rows` with weights (not a weights file)",
    `error DL305 28:8 cannot write ${long}: the file name is 262 bytes long; most file systems allow 255 (name too long)`,
  ]);
});

test("load: a missing file, a file not saved by dl, weights of another architecture; a file saved above is not looked for", async () => {
  const saved = load("train.dl", models + trainM + 'save m "m.safetensors"\n');
  assert.equal(saved.diagnostics, []);
  await runProgram(
    { file: saved.file, source: saved.source, program: saved.program!, checked: saved.checked! },
    { backend: new CpuBackend() },
  );
  writeFileSync(join(tmp, "notes.safetensors"), "not weights");
  const { diagnostics } = load(
    "load.dl",
    models + 'load m "m.safetensors"\nload n "m.safetensors"\nload m "missing.safetensors"\nload m "notes.safetensors"\n',
  );
  assert.equal(diagnostics.map(brief), [
    "error DL302 13:8 m.safetensors was saved from a different architecture than model `n` (layer kinds, activations or weight shapes differ) (does not fit the model)",
    "error DL301 14:8 missing.safetensors: file not found (cannot be loaded)",
    "error DL301 15:8 notes.safetensors: not a valid safetensors file: header length 7451598620781211502 exceeds 100 MB (cannot be loaded)",
  ]);
  assert.match(diagnostics[0]!.hints[0]!, /^the file was saved from:\n {6}model m \{/);
  const roundTrip = load("round-trip.dl", models + trainM + 'save m "again.safetensors"\nload m "again.safetensors"\n');
  assert.equal(roundTrip.diagnostics, []);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
