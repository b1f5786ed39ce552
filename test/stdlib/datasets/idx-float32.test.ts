import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DataError } from "../../../stdlib/datasets/data-error.ts";
import { readIdx } from "../../../stdlib/datasets/idx-file.ts";
import { readIdxFloat32 } from "../../../stdlib/datasets/idx-float32.ts";

const dir = mkdtempSync(join(tmpdir(), "idx-float32-"));

/** An IDX file: magic 00 00 type ndim, big-endian dims, then `body`. */
function idxFile(name: string, type: number, shape: number[], body: Uint8Array): string {
  const header = new Uint8Array(4 + 4 * shape.length);
  header.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => new DataView(header.buffer).setUint32(4 + 4 * i, d));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([header, body]));
  return path;
}

test("unsigned bytes of odd shapes decode to the values readIdx gives", () => {
  for (const shape of [[1], [3, 5, 7], [13, 28, 28], [2, 1, 3, 1]]) {
    const length = shape.reduce((a, b) => a * b, 1);
    const body = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) % 256);
    const path = idxFile(`u8-${shape.join("x")}`, 0x08, shape, body);
    const expected = readIdx(readFileSync(path), path);
    const got = readIdxFloat32(path);
    assert.equal(got.shape, shape);
    assert.ok(got.data instanceof Float32Array);
    assert.equal(Array.from(got.data), Array.from(expected.data), shape.join("x"));
  }
});

test("other types go through readIdx", () => {
  const body = new Uint8Array(6);
  new DataView(body.buffer).setInt16(0, -300);
  new DataView(body.buffer).setInt16(2, 7);
  new DataView(body.buffer).setInt16(4, 32767);
  assert.equal(Array.from(readIdxFloat32(idxFile("i16", 0x0b, [3], body)).data), [-300, 7, 32767]);
});

test("a truncated or malformed file is refused with readIdx's error", () => {
  const truncated = idxFile("short", 0x08, [4, 4], new Uint8Array(15));
  assert.throws(
    () => readIdxFloat32(truncated),
    (e: unknown) => e instanceof DataError && /truncated IDX file/.test(e.message),
  );
  const bad = idxFile("bad", 0x07, [2], new Uint8Array(2));
  assert.throws(
    () => readIdxFloat32(bad),
    (e: unknown) => e instanceof DataError && /bad magic/.test(e.message),
  );
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
