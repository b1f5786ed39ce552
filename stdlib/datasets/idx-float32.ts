// An IDX file decoded straight into float32, for the large image files (MNIST's 47 MB of pixels
// become 188 MB of float32): the file's unsigned bytes are read into the last quarter of the
// float32 array's own buffer and widened front to back, so they never take memory of their own.
import { readIdx, type IdxArray } from "./idx-file.ts";

/** Reads the IDX file at `path` as float32; every file that is not well-formed unsigned bytes goes through readIdx (and its errors). */
export function readIdxFloat32(path: string): IdxArray & { data: Float32Array } {
  const fs = process.getBuiltinModule("node:fs");
  const fd = fs.openSync(path, "r");
  try {
    const head = readAt(fd, 4, 0);
    if (head.length === 4 && head[0] === 0 && head[1] === 0 && head[2] === 0x08) {
      const dims = readAt(fd, 4 * head[3]!, 4);
      const view = new DataView(dims.buffer, dims.byteOffset, dims.byteLength);
      const shape = Array.from({ length: dims.length / 4 }, (_, i) => view.getUint32(4 * i));
      const length = shape.reduce((a, b) => a * b, 1);
      const dataStart = 4 + dims.length;
      if (dims.length === 4 * head[3]! && fs.fstatSync(fd).size >= dataStart + length) {
        const data = new Float32Array(length);
        const bytes = readAt(fd, length, dataStart, new Uint8Array(data.buffer, 3 * length, length));
        // Float i covers bytes 4i..4i+3 ≤ 3·length + i: only bytes already widened are overwritten.
        for (let i = 0; i < length; i++) data[i] = bytes[i]!;
        return { shape, data };
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  const idx = readIdx(fs.readFileSync(path), path);
  return { shape: idx.shape, data: new Float32Array(idx.data) };
}

/** Up to `length` bytes from `position` (fewer at the end of the file). */
function readAt(fd: number, length: number, position: number, into = new Uint8Array(length)): Uint8Array {
  const fs = process.getBuiltinModule("node:fs");
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, into, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return into.subarray(0, done);
}
