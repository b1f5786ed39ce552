import { test } from "uvu";
import * as assert from "uvu/assert";
import { readIdx } from "../../../stdlib/datasets/idx-file.ts";
import { expectDataError } from "./expect-data-error.ts";

/** Hand-builds an IDX file: magic, big-endian dims, big-endian values. */
function idxBytes(dtype: number, shape: number[], values: number[], bytesPer: number): Uint8Array {
  const start = 4 + 4 * shape.length;
  const bytes = new Uint8Array(start + values.length * bytesPer);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, dtype, shape.length]);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  values.forEach((value, i) => {
    const at = start + i * bytesPer;
    if (dtype === 0x08) view.setUint8(at, value);
    else if (dtype === 0x09) view.setInt8(at, value);
    else if (dtype === 0x0b) view.setInt16(at, value);
    else if (dtype === 0x0c) view.setInt32(at, value);
    else if (dtype === 0x0d) view.setFloat32(at, value);
    else view.setFloat64(at, value);
  });
  return bytes;
}

test("reads ubyte images with shape and values", () => {
  const { shape, data } = readIdx(idxBytes(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255], 1), "t.idx");
  assert.equal(shape, [2, 2, 3]);
  assert.instance(data, Uint8Array);
  assert.equal(Array.from(data), [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
});

test("decodes every big-endian dtype", () => {
  const cases: [number, number, number[], Function][] = [
    [0x09, 1, [-128, 0, 127], Int8Array],
    [0x0b, 2, [-30000, 1, 30000], Int16Array],
    [0x0c, 4, [-2_000_000_000, 7, 2_000_000_000], Int32Array],
    [0x0d, 4, [-1.5, 0.25, 1024.5], Float32Array],
    [0x0e, 8, [-1e-300, Math.PI, 1e300], Float64Array],
  ];
  for (const [dtype, bytesPer, values, Type] of cases) {
    const { shape, data } = readIdx(idxBytes(dtype, [3], values, bytesPer), "t.idx");
    assert.equal(shape, [3]);
    assert.instance(data, Type);
    assert.equal(Array.from(data), values);
  }
});

test("bad magic is a DataError naming the file and the bytes", () => {
  const bytes = idxBytes(0x08, [1], [1], 1);
  bytes[0] = 0x50;
  const error = expectDataError(() => readIdx(bytes, "labels.idx"), "labels.idx: not an IDX file (bad magic 50 00 08 01)");
  assert.is(error.file, "labels.idx");
  bytes[0] = 0;
  bytes[2] = 0x0a;
  expectDataError(() => readIdx(bytes, "labels.idx"), /bad magic 00 00 0a 01/);
  expectDataError(() => readIdx(new Uint8Array(2), "x.idx"), "x.idx: not an IDX file (only 2 bytes)");
});

test("truncated header or data is a DataError", () => {
  const full = idxBytes(0x0c, [2, 3], [1, 2, 3, 4, 5, 6], 4);
  expectDataError(() => readIdx(full.subarray(0, 9), "a.idx"), "a.idx: truncated IDX header (2 dimensions expected)");
  expectDataError(
    () => readIdx(full.subarray(0, full.length - 1), "a.idx"),
    "a.idx: truncated IDX file: shape [2, 3] needs 36 bytes, found 35",
  );
});

test.run();
