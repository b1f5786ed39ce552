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

export function dtypeOf(data: TensorData): Dtype {
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

/**
 * Reads a file without trusting it: the 8-byte header length is checked against the file's size
 * before anything else is read, the header is validated whole before any tensor is copied, and
 * nothing larger than the file itself is allocated.
 */
export function readSafetensors(path: string): SafetensorsFile {
  // Fetched here, not imported, so that a web page can bundle the codec.
  const { closeSync, fstatSync, openSync, readSync } = process.getBuiltinModule("node:fs");
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(code === "ENOENT" ? "file not found" : `cannot read (${code ?? String(error)})`, path);
  }
  try {
    const size = fstatSync(fd).size;
    const read = (start: number, length: number): Uint8Array => {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return out.subarray(0, done);
    };
    const prefix = read(0, Math.min(8, size));
    const dataStart = checkHeaderLength(prefix, size, path);
    const header = parseHeader(read(8, dataStart - 8), path);
    const layout = validateHeader(header, size - dataStart, path);
    return materialize(layout, path, (begin, end) => read(dataStart + begin, end - begin));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, path);
  } finally {
    closeSync(fd);
  }
}

/** Decodes safetensors bytes; every tensor gets its own copy of the data. `file` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  const dataStart = checkHeaderLength(bytes.subarray(0, 8), bytes.length, file);
  const layout = validateHeader(parseHeader(bytes.subarray(8, dataStart), file), bytes.length - dataStart, file);
  // Copy so the tensor owns aligned memory and does not pin (or alias) the file buffer.
  return materialize(layout, file, (begin, end) => new Uint8Array(bytes.subarray(dataStart + begin, dataStart + end)));
}

interface TensorLayout {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

function invalid(file: string, message: string): never {
  throw new DataError(`not a valid safetensors file: ${message}`, file);
}

/** Where the data starts, from the first 8 bytes and the file's size. */
function checkHeaderLength(prefix: Uint8Array, size: number, file: string): number {
  if (prefix.length < 8) invalid(file, `only ${size} bytes`);
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) invalid(file, `header length ${headerLength} exceeds 100 MB`);
  const dataStart = 8 + Number(headerLength);
  if (dataStart > size) invalid(file, `header length ${headerLength} runs past the end of the ${size}-byte file`);
  return dataStart;
}

function parseHeader(bytes: Uint8Array, file: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    invalid(file, "header is not JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) invalid(file, "header is not a JSON object");
  return header as Record<string, unknown>;
}

/** Checks every field of the header (and that no two tensors share bytes) before anything is copied. */
function validateHeader(
  header: Record<string, unknown>,
  dataLength: number,
  file: string,
): { tensors: TensorLayout[]; metadata: Record<string, string> } {
  const tensors: TensorLayout[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      const isMap = typeof entry === "object" && entry !== null && !Array.isArray(entry);
      if (!isMap || !Object.values(entry).every((value) => typeof value === "string"))
        invalid(file, "__metadata__ must map strings to strings");
      metadata = entry as Record<string, string>;
      continue;
    }
    if (name === "") invalid(file, "a tensor has an empty name");
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) invalid(file, `tensor "${name}" is not an object`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== "string" || !Object.hasOwn(DTYPES, dtype))
      invalid(file, `tensor "${name}" has unsupported dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) invalid(file, `tensor "${name}" has a bad shape`);
    const [begin, end] = Array.isArray(offsets) && offsets.length === 2 ? (offsets as unknown[]) : [];
    if (
      !Number.isSafeInteger(begin) ||
      !Number.isSafeInteger(end) ||
      (begin as number) < 0 ||
      (begin as number) > (end as number) ||
      (end as number) > dataLength
    ) {
      invalid(file, `tensor "${name}" data_offsets ${JSON.stringify(offsets)} outside the ${dataLength} data bytes`);
    }
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const bytes = (end as number) - (begin as number);
    if (bytes !== count * DTYPES[dtype as Dtype].BYTES_PER_ELEMENT)
      invalid(file, `tensor "${name}" has ${bytes} bytes for shape [${shape}] ${dtype}`);
    tensors.push({ name, dtype: dtype as Dtype, shape: shape as number[], begin: begin as number, end: end as number });
  }
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byOffset.length; i++) {
    const [previous, next] = [byOffset[i - 1]!, byOffset[i]!];
    if (next.begin < previous.end) invalid(file, `tensors "${previous.name}" and "${next.name}" overlap in data_offsets`);
  }
  return { tensors, metadata };
}

function materialize(
  layout: { tensors: TensorLayout[]; metadata: Record<string, string> },
  file: string,
  bytesOf: (begin: number, end: number) => Uint8Array,
): SafetensorsFile {
  const tensors = new Map<string, StoredTensor>();
  for (const { name, dtype, shape, begin, end } of layout.tensors) {
    const Type = DTYPES[dtype];
    const bytes = bytesOf(begin, end);
    if (bytes.length !== end - begin) invalid(file, `tensor "${name}" ends early (the file changed while being read)`);
    // A fresh, aligned buffer of exactly the tensor's bytes.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    tensors.set(name, { shape, data: new Type(own.buffer as ArrayBuffer, 0, (end - begin) / Type.BYTES_PER_ELEMENT) });
  }
  return { tensors, metadata: layout.metadata };
}
