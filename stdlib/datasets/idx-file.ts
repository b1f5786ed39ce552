// The IDX format (MNIST and friends): magic 0x00 0x00 <dtype> <ndim>, then ndim big-endian u32
// dimensions, then the values in row-major order, big-endian.

import { DataError } from "./data-error.ts";

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  shape: number[];
  data: IdxData;
}

interface IdxType {
  bytes: number;
  make(length: number): IdxData;
  read(view: DataView, offset: number): number;
}

const TYPES: Record<number, IdxType> = {
  0x08: { bytes: 1, make: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  0x09: { bytes: 1, make: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) },
  0x0b: { bytes: 2, make: (n) => new Int16Array(n), read: (v, o) => v.getInt16(o) },
  0x0c: { bytes: 4, make: (n) => new Int32Array(n), read: (v, o) => v.getInt32(o) },
  0x0d: { bytes: 4, make: (n) => new Float32Array(n), read: (v, o) => v.getFloat32(o) },
  0x0e: { bytes: 8, make: (n) => new Float64Array(n), read: (v, o) => v.getFloat64(o) },
};

/** Decodes an IDX file's bytes; `file` only names it in errors. */
export function readIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DataError(`not an IDX file (only ${bytes.length} bytes)`, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const typeCode = bytes[2]!;
  const type = TYPES[typeCode];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new DataError(`not an IDX file (bad magic ${magic})`, file, undefined, "IDX files start with 00 00 <dtype 08-0e> <ndim>");
  }
  const ndim = bytes[3]!;
  const dataStart = 4 + 4 * ndim;
  if (bytes.length < dataStart) throw new DataError(`truncated IDX header (${ndim} dimensions expected)`, file);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const length = shape.reduce((a, b) => a * b, 1);
  const expected = dataStart + length * type.bytes;
  if (bytes.length < expected) {
    throw new DataError(`truncated IDX file: shape [${shape.join(", ")}] needs ${expected} bytes, found ${bytes.length}`, file);
  }
  // Unsigned bytes (all of MNIST) need no decoding: hand back a view.
  if (typeCode === 0x08) return { shape, data: bytes.subarray(dataStart, expected) };
  const data = type.make(length);
  for (let i = 0; i < length; i++) data[i] = type.read(view, dataStart + i * type.bytes);
  return { shape, data };
}
