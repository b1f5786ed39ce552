// Weights files whose header or values were damaged or forged: every one ends `dl predict` (and
// a program's `load`) with one line naming the file, the field and a DL code, exit 1, no stack
// trace. The cases are the ones fuzzing and fault injection found, and the header's other fields.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../interpreter/run.ts";
import { predictFile } from "../../interpreter/runtime/predict-file.ts";
import { UserError } from "../../interpreter/runtime/user-error.ts";
import { compile } from "../interpreter/runtime/helpers.ts";
import { dl } from "../helpers/dl-cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-hostile-"));
const good = join(tmp, "good.safetensors");
const input = join(tmp, "input.csv");

type Header = Record<string, { dtype: string; shape: number[]; data_offsets: number[] }> & { __metadata__: Record<string, string> };

function parts(): { header: Header; data: Buffer } {
  const bytes = readFileSync(good);
  const length = Number(bytes.readBigUInt64LE(0));
  return { header: JSON.parse(bytes.subarray(8, 8 + length).toString()) as Header, data: bytes.subarray(8 + length) };
}

function build(header: unknown, data: Uint8Array, length?: bigint): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(length ?? BigInt(json.length));
  return Buffer.concat([prefix, json, data]);
}

/** The good file with its header changed by `edit`. */
function edited(edit: (header: Header, data: Buffer) => Buffer | void): Buffer {
  const { header, data } = parts();
  const copy = Buffer.from(data);
  return edit(header, copy) ?? build(header, copy);
}

const firstWeight = (h: Header) =>
  Object.keys(h)
    .filter((k) => k !== "__metadata__")
    .sort()[0]!;

/** Each hostile file, with the code and the text its one line must hold. */
const cases: { name: string; file: () => Buffer; code: string; says: RegExp }[] = [
  {
    name: "classes not JSON",
    file: () => edited((h) => void (h.__metadata__["dl.classes"] = "[a, b")),
    code: "DL501",
    says: /header field "dl\.classes": not JSON/,
  },
  {
    name: "loss not JSON",
    file: () => edited((h) => void (h.__metadata__["dl.loss"] = "{")),
    code: "DL501",
    says: /header field "dl\.loss": not JSON/,
  },
  {
    name: "metrics not JSON",
    file: () => edited((h) => void (h.__metadata__["dl.metrics"] = "accuracy")),
    code: "DL501",
    says: /header field "dl\.metrics": not JSON/,
  },
  {
    name: "preprocessing not JSON",
    file: () => edited((h) => void (h.__metadata__["dl.preprocess"] = "[{")),
    code: "DL501",
    says: /header field "dl\.preprocess": not JSON/,
  },
  {
    name: "a null loss",
    file: () => edited((h) => void (h.__metadata__["dl.loss"] = "null")),
    code: "DL501",
    says: /header field "dl\.loss": expected/,
  },
  {
    name: "an unknown loss",
    file: () => edited((h) => void (h.__metadata__["dl.loss"] = '{"name":"hinge","config":{}}')),
    code: "DL501",
    says: /header field "dl\.loss": unknown loss "hinge"/,
  },
  {
    name: "a loss option that is not a number",
    file: () => edited((h) => void (h.__metadata__["dl.loss"] = '{"name":"huber","config":{"delta":"x"}}')),
    code: "DL501",
    says: /header field "dl\.loss": option `delta`/,
  },
  {
    name: "an unknown metric",
    file: () => edited((h) => void (h.__metadata__["dl.metrics"] = '["f1"]')),
    code: "DL501",
    says: /header field "dl\.metrics": expected a list of metric names/,
  },
  {
    name: "classes of the wrong type",
    file: () => edited((h) => void (h.__metadata__["dl.classes"] = '{"a":1}')),
    code: "DL501",
    says: /header field "dl\.classes": expected a list/,
  },
  {
    name: "a million classes",
    file: () => edited((h) => void (h.__metadata__["dl.classes"] = JSON.stringify(Array.from({ length: 1_000_001 }, (_, i) => `c${i}`)))),
    code: "DL501",
    says: /header field "dl\.classes": more than 100,000 classes/,
  },
  {
    name: "preprocessing of the wrong shape (no mean)",
    file: () => edited((h) => void (h.__metadata__["dl.preprocess"] = '[{"standardize":{}}]')),
    code: "DL501",
    says: /header field "dl\.preprocess": step 1: standardize needs/,
  },
  {
    name: "preprocessing of the wrong width",
    file: () => edited((h) => void (h.__metadata__["dl.preprocess"] = '[{"standardize":{"mean":[0,0,0],"std":[1,1,1]}}]')),
    code: "DL501",
    says: /header field "dl\.preprocess": standardize has 3 values for an input of 2/,
  },
  {
    name: "preprocessing that is not a list",
    file: () => edited((h) => void (h.__metadata__["dl.preprocess"] = '{"scale":2}')),
    code: "DL501",
    says: /header field "dl\.preprocess": expected a list/,
  },
  {
    name: "a zero scale",
    file: () => edited((h) => void (h.__metadata__["dl.preprocess"] = '[{"scale":0}]')),
    code: "DL501",
    says: /header field "dl\.preprocess": step 1: scale is not a finite, non-zero number/,
  },
  {
    name: "a NaN weight",
    file: () => edited((h, d) => void d.writeFloatLE(NaN, h[firstWeight(h)]!.data_offsets[0]!)),
    code: "DL501",
    says: /header field "dense\/\w+": value 0 is NaN, not a finite number/,
  },
  {
    name: "an Infinity weight",
    file: () => edited((h, d) => void d.writeFloatLE(Infinity, h[firstWeight(h)]!.data_offsets[0]! + 4)),
    code: "DL501",
    says: /value 1 is Infinity/,
  },
  {
    name: "an I32 tensor",
    file: () => edited((h) => void (h[firstWeight(h)]!.dtype = "I32")),
    code: "DL501",
    says: /header field "dense\/\w+\.dtype": dl writes F32 weights, not I32/,
  },
  {
    name: "a U8 tensor",
    file: () =>
      edited((h) => {
        const w = h[firstWeight(h)]!;
        w.dtype = "U8";
        w.shape = [w.data_offsets[1]! - w.data_offsets[0]!];
      }),
    code: "DL501",
    says: /dl writes F32 weights, not U8/,
  },
  {
    name: "overlapping data_offsets",
    file: () =>
      edited((h) => {
        const names = Object.keys(h)
          .filter((k) => k !== "__metadata__")
          .sort((a, b) => h[a]!.data_offsets[0]! - h[b]!.data_offsets[0]!);
        const [a, b] = [h[names[0]!]!, h[names[1]!]!];
        const size = b.data_offsets[1]! - b.data_offsets[0]!;
        if (a.data_offsets[1]! - a.data_offsets[0]! >= size) b.data_offsets = [a.data_offsets[0]!, a.data_offsets[0]! + size];
        else a.data_offsets = [b.data_offsets[0]!, b.data_offsets[0]! + (a.data_offsets[1]! - a.data_offsets[0]!)];
      }),
    code: "DL301",
    says: /overlap in data_offsets/,
  },
  {
    name: "data_offsets past the data",
    file: () => edited((h, d) => void (h[firstWeight(h)]!.data_offsets = [0, d.length + 4])),
    code: "DL301",
    says: /data_offsets \[0,\d+\] outside the \d+ data bytes/,
  },
  {
    name: "a huge header length",
    file: () => edited((h, d) => build(h, d, 2n ** 62n)),
    code: "DL301",
    says: /header length 4611686018427387904 exceeds 100 MB/,
  },
  {
    name: "a header length past the end",
    file: () => edited((h, d) => build(h, d, 1_000_000n)),
    code: "DL301",
    says: /header length 1000000 runs past the end of the \d+-byte file/,
  },
  { name: "a truncated file", file: () => readFileSync(good).subarray(0, 6), code: "DL301", says: /only 6 bytes/ },
  {
    name: "a header that is not JSON",
    file: () =>
      edited((h, d) => {
        const b = build(h, d);
        b[8] = 0x7a;
        return b;
      }),
    code: "DL301",
    says: /header is not JSON/,
  },
  {
    name: "__metadata__ that is a list",
    file: () => edited((h) => void ((h as Record<string, unknown>)["__metadata__"] = ["format"])),
    code: "DL301",
    says: /__metadata__ must map strings to strings/,
  },
  {
    name: "a shape that is not a list",
    file: () => edited((h) => void ((h[firstWeight(h)] as Record<string, unknown>)["shape"] = "2x8")),
    code: "DL301",
    says: /has a bad shape/,
  },
  {
    name: "a tensor entry that is not an object",
    file: () => edited((h) => void ((h as Record<string, unknown>)["extra"] = 7)),
    code: "DL301",
    says: /tensor "extra" is not an object/,
  },
  {
    name: "an F16 tensor",
    file: () => edited((h) => void (h[firstWeight(h)]!.dtype = "F16")),
    code: "DL301",
    says: /unsupported dtype "F16"/,
  },
];

test.before(async () => {
  const source =
    "model xor_net {\n  input 2\n  layer dense 4 tanh\n  layer dense 1 sigmoid\n}\n\ndata xor {\n  source xor\n  standardize\n}\n\n" +
    `train xor_net on xor {\n  optimizer adam\n  loss binary_crossentropy\n  metrics accuracy\n  epochs 1\n}\n\nsave xor_net "${good}"\n`;
  await runProgram(compile(source), { backend: new CpuBackend() });
  writeFileSync(input, "a,b\n0,1\n1,1\n");
});

test("the unharmed file predicts (the cases below differ from it in one field each)", async () => {
  const run = await dl(tmp, "predict", good, input);
  assert.is(run.code, 0, run.stderr);
});

test("every hostile header: a one-line UserError with the code, the file and the field (what dl prints, exit 1)", async () => {
  for (const [i, { name, file, code, says }] of cases.entries()) {
    const path = join(tmp, `hostile-${i}.safetensors`);
    writeFileSync(path, file());
    try {
      await predictFile(path, input, new CpuBackend());
      assert.unreachable(`${name}: predicted`);
    } catch (e) {
      // The CLI prints a UserError as `error[CODE]: message` and exits 1; anything else would be a stack trace.
      assert.instance(e, UserError, `${name}: ${(e as Error).stack}`);
      const error = e as UserError;
      assert.is(error.code, code, `${name}: ${error.message}`);
      assert.ok(error.message.startsWith(`${path}: `), `${name}: ${error.message}`);
      assert.match(error.message, says, name);
      assert.not.match(error.message, /\n/, name);
    }
  }
});

test("`dl predict` on hostile files: exit 1, the one line, no stack trace", async () => {
  const picked = ["a null loss", "an I32 tensor", "overlapping data_offsets", "a NaN weight"].map((name) =>
    cases.find((c) => c.name === name)!,
  );
  const runs = await Promise.all(
    picked.map(async ({ name, file }) => {
      const path = join(tmp, `spawned-${name.replace(/\W+/g, "-")}.safetensors`);
      writeFileSync(path, file());
      return { path, run: await dl(tmp, "predict", path, input) };
    }),
  );
  runs.forEach(({ path, run }, i) => {
    const { name, code, says } = picked[i]!;
    assert.is(run.code, 1, `${name}: ${run.stderr}`);
    const [first] = run.stderr.split("\n");
    assert.ok(first!.startsWith(`error[${code}]: ${path}: `), `${name}: ${first}`);
    assert.match(first!, says, name);
    assert.not.match(run.stderr, /^\s+at .+:\d+:\d+\)?$/m, `${name}: ${run.stderr}`);
    assert.not.match(run.stderr, /TypeError|RangeError|node:internal|Error:/, `${name}: ${run.stderr}`);
  });
});

test("a program's `load` of a hostile file: the same one line, on the `load` statement", async () => {
  const path = join(tmp, "hostile-loss.safetensors");
  writeFileSync(
    path,
    edited((h) => void (h.__metadata__["dl.loss"] = "null")),
  );
  const prog = join(tmp, "load.dl");
  writeFileSync(
    prog,
    `model xor_net {\n  input 2\n  layer dense 4 tanh\n  layer dense 1 sigmoid\n}\n\ndata xor {\n  source xor\n}\n\nload xor_net "hostile-loss.safetensors"\nevaluate xor_net on xor\n`,
  );
  const run = await dl(tmp, "run", "load.dl");
  assert.is(run.code, 1, run.stderr);
  assert.ok(run.stderr.startsWith(`load.dl:11:14: error[DL501]: hostile-loss.safetensors: header field "dl.loss": expected`), run.stderr);
  assert.not.match(run.stderr, /^\s+at .+:\d+:\d+\)?$/m, run.stderr);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
