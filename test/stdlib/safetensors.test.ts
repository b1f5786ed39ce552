import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors, type StoredTensor } from "../../stdlib/safetensors.ts";
import { expectDataError } from "./datasets/expect-data-error.ts";

const dir = mkdtempSync(join(tmpdir(), "dl-safetensors-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function weights(): Map<string, StoredTensor> {
  return new Map<string, StoredTensor>([
    ["dense.kernel", { shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 4, 5, 6) }],
    ["dense.bias", { shape: [3], data: Float32Array.of(0.1, 0.2, 0.3) }],
    ["step", { shape: [], data: Int32Array.of(42) }],
    ["mask", { shape: [2], data: Uint8Array.of(0, 255) }],
    ["precise", { shape: [1], data: Float64Array.of(Math.PI) }],
  ]);
}

/** Builds a file from a raw header object and data bytes, for corruption tests. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

test("round trip keeps names, dtypes, shapes, values and metadata", () => {
  const path = join(dir, "model.safetensors");
  writeSafetensors(path, weights(), { format: "dl", epoch: "3" });
  const { tensors, metadata } = readSafetensors(path);
  assert.equal(metadata, { format: "dl", epoch: "3" });
  assert.equal([...tensors.keys()].sort(), ["dense.bias", "dense.kernel", "mask", "precise", "step"]);
  for (const [name, original] of weights()) {
    const read = tensors.get(name)!;
    assert.equal(read.shape, original.shape, name);
    assert.is(read.data.constructor, original.data.constructor, name);
    assert.equal(Array.from(read.data), Array.from(original.data), name);
  }
});

test("layout: LE header length, 8-byte aligned header, sorted offsets", () => {
  const bytes = encodeSafetensors(weights());
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.is(headerLength % 8, 0);
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString());
  assert.equal(Object.keys(header), ["dense.bias", "dense.kernel", "mask", "precise", "step"]);
  assert.equal(header["dense.bias"], { dtype: "F32", shape: [3], data_offsets: [0, 12] });
  assert.equal(header["dense.kernel"].data_offsets, [12, 36]);
  assert.equal(header.step, { dtype: "I32", shape: [], data_offsets: [46, 50] });
  assert.is(bytes.length, 8 + headerLength + 50);
  assert.is(new DataView(bytes.buffer, 8 + headerLength).getFloat32(0, true), Math.fround(0.1));
});

test("same weights in any insertion order give byte-identical files", () => {
  const a = join(dir, "a.safetensors");
  const b = join(dir, "b.safetensors");
  writeSafetensors(a, weights(), { k: "v" });
  writeSafetensors(b, new Map([...weights()].reverse()), { k: "v" });
  assert.ok(readFileSync(a).equals(readFileSync(b)));
  writeSafetensors(a, readSafetensors(a).tensors, { k: "v" });
  assert.ok(readFileSync(a).equals(readFileSync(b)), "re-writing what was read is identical");
});

test("decoded tensors own their memory (not views of the file buffer)", () => {
  const bytes = encodeSafetensors(weights());
  const { tensors } = decodeSafetensors(bytes, "m.safetensors");
  bytes.fill(0);
  assert.equal(Array.from(tensors.get("dense.bias")!.data), [0.1, 0.2, 0.3].map(Math.fround));
});

test("corrupted files are DataErrors naming the file", () => {
  const f = "m.safetensors";
  expectDataError(() => decodeSafetensors(new Uint8Array(5), f), "m.safetensors: not a valid safetensors file: only 5 bytes");
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
  expectDataError(() => decodeSafetensors(huge, f), /header length 1099511627776 exceeds 100 MB/);
  const short = encodeSafetensors(weights());
  expectDataError(() => decodeSafetensors(short.subarray(0, 20), f), /runs past the end of the 20-byte file/);
  expectDataError(() => decodeSafetensors(rawFile("oops").subarray(0, 12), f), /runs past the end/);
  const notJson = rawFile({});
  notJson[8] = 0x7a;
  expectDataError(() => decodeSafetensors(notJson, f), /header is not JSON/);
  expectDataError(() => decodeSafetensors(rawFile([1]), f), /header is not a JSON object/);
  expectDataError(
    () => decodeSafetensors(rawFile({ w: { dtype: "F16", shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)), f),
    /tensor "w" has unsupported dtype "F16"/,
  );
  expectDataError(
    () => decodeSafetensors(rawFile({ w: { dtype: "F32", shape: [1], data_offsets: [0, 8] } }, new Uint8Array(4)), f),
    /tensor "w" data_offsets \[0,8\] outside the 4 data bytes/,
  );
  expectDataError(
    () => decodeSafetensors(rawFile({ w: { dtype: "F32", shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), f),
    /tensor "w" has 4 bytes for shape \[2\] F32/,
  );
  expectDataError(
    () => decodeSafetensors(rawFile({ w: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), f),
    /bad shape/,
  );
  expectDataError(() => decodeSafetensors(rawFile({ __metadata__: { a: 1 } }), f), /__metadata__ must map strings to strings/);
  expectDataError(() => readSafetensors(join(dir, "absent.safetensors")), /absent\.safetensors: file not found/);
});

test("atomic write leaves no temp file, on success or on failure", () => {
  const sub = join(dir, "atomic");
  mkdirSync(sub);
  writeSafetensors(join(sub, "ok.safetensors"), weights());
  assert.equal(readdirSync(sub), ["ok.safetensors"]);
  // Renaming a file over a non-empty directory fails after the temp file is written.
  const blocker = join(sub, "blocked.safetensors");
  mkdirSync(blocker);
  writeFileSync(join(blocker, "keep"), "x");
  assert.throws(() => writeSafetensors(blocker, weights()));
  assert.equal(readdirSync(sub).sort(), ["blocked.safetensors", "ok.safetensors"]);
});

test.run();
