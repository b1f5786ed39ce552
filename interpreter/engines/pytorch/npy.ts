// NumPy's .npy format (version 1.0) for float32 arrays: the simplest file `numpy.load` reads.
// A 10-byte preamble, a Python-literal header padded so the data starts at a multiple of 64.

export function encodeNpy(shape: readonly number[], data: Float32Array): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const bytes = new Uint8Array(10 + header.length + data.byteLength);
  bytes.set([0x93, ...Array.from("NUMPY", (c) => c.charCodeAt(0)), 1, 0, header.length & 0xff, header.length >> 8]);
  bytes.set(
    Array.from(header, (c) => c.charCodeAt(0)),
    10,
  );
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return bytes;
}
