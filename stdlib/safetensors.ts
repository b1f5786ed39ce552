// The safetensors weight format: u64 LE header length N, N bytes of JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}} space-padded to a
// multiple of 8, then the little-endian tensor bytes (offsets relative to the data start).
// Tensors are written in sorted name order so identical weights give byte-identical files.

import { DataError } from "./datasets/data-error.ts";
import { writeFileAtomic } from "./files.ts";

export type TensorData = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

export interface StoredTensor {
  shape: number[];
  data: TensorData;
}

export interface SafetensorsFile {
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
}

const DTYPES = {
  F64: Float64Array,
  F32: Float32Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U8: Uint8Array,
} as const;
type Dtype = keyof typeof DTYPES;

const MAX_HEADER_BYTES = 100 * 1024 * 1024;

function dtypeOf(data: TensorData): Dtype {
  return (Object.keys(DTYPES) as Dtype[]).find((dtype) => data instanceof DTYPES[dtype])!;
}

/** Encodes tensors (and string metadata) as safetensors bytes. Assumes a little-endian host. */
export function encodeSafetensors(tensors: ReadonlyMap<string, StoredTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const name of names) {
    const { shape, data } = tensors.get(name)!;
    if (shape.reduce((a, b) => a * b, 1) !== data.length) {
      throw new Error(`safetensors: tensor "${name}" has shape [${shape}] but ${data.length} values`);
    }
    header[name] = {
      dtype: dtypeOf(data),
      shape,
      data_offsets: [offset, offset + data.byteLength],
    };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = tensors.get(name)!;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    position += data.byteLength;
  }
  return out;
}

/** Writes atomically: a temp file renamed over `path`, so a crash never leaves half a file. */
export function writeSafetensors(path: string, tensors: ReadonlyMap<string, StoredTensor>, metadata?: Record<string, string>): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export function readSafetensors(path: string): SafetensorsFile {
  // Fetched here, not imported, so that a web page can bundle the codec.
  const { readFileSync } = process.getBuiltinModule("node:fs");
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(code === "ENOENT" ? "file not found" : `cannot read (${code ?? String(error)})`, path);
  }
  return decodeSafetensors(bytes, path);
}

/** Decodes safetensors bytes; every tensor gets its own copy of the data. `file` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  const fail = (message: string): never => {
    throw new DataError(`not a valid safetensors file: ${message}`, file);
  };
  if (bytes.length < 8) fail(`only ${bytes.length} bytes`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) fail(`header length ${headerLength} exceeds 100 MB`);
  const dataStart = 8 + Number(headerLength);
  if (dataStart > bytes.length) fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, dataStart)).toString("utf8"));
  } catch {
    fail("header is not JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) return fail("header is not a JSON object");
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, StoredTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      const values = typeof entry === "object" && entry !== null ? Object.values(entry) : [undefined];
      if (!values.every((value) => typeof value === "string")) fail("__metadata__ must map strings to strings");
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as Record<string, unknown>;
    if (typeof dtype !== "string" || !Object.hasOwn(DTYPES, dtype)) fail(`tensor "${name}" has unsupported dtype ${JSON.stringify(dtype)}`);
    const Type = DTYPES[dtype as Dtype];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor "${name}" has a bad shape`);
    const [begin, end] = Array.isArray(offsets) ? offsets : [];
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || begin > end || end > dataLength) {
      fail(`tensor "${name}" data_offsets ${JSON.stringify(offsets)} outside the ${dataLength} data bytes`);
    }
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== count * Type.BYTES_PER_ELEMENT) fail(`tensor "${name}" has ${end - begin} bytes for shape [${shape}] ${dtype}`);
    // Copy so the tensor owns aligned memory and does not pin (or alias) the file buffer.
    const copy = new Uint8Array(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape: shape as number[], data: new Type(copy.buffer, 0, count) });
  }
  return { tensors, metadata };
}
