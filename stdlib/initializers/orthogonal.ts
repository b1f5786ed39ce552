// w = gain * Q, Q from the QR decomposition (signs fixed so diag(R) > 0) of a seeded standard-normal
// [max(rows, cols), min(rows, cols)] matrix, transposed when rows < cols; rows = product of all
// but the last axis. Keras: keras.initializers.Orthogonal(gain=1.0) (the Keras default for recurrent kernels).
import { sizeOf, type Shape } from "../../interpreter/backends/backend.ts";
import type { InitializerSpec } from "./initializer.ts";
import { number } from "../values.ts";

/** Orthonormalises the columns of a [n, m] row-major matrix in place (modified Gram-Schmidt = QR with diag(R) > 0). */
function orthonormalizeColumns(a: Float64Array, n: number, m: number): void {
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a[i * m + k]! * a[i * m + j]!;
      for (let i = 0; i < n; i++) a[i * m + j] = a[i * m + j]! - dot * a[i * m + k]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[i * m + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) a[i * m + j] = a[i * m + j]! / norm;
  }
}

export const orthogonal: InitializerSpec = {
  name: "orthogonal",
  keras: "keras.initializers.Orthogonal",
  doc: "an orthogonal matrix times gain",
  args: [],
  options: [{ name: "gain", type: number, doc: "multiplier of the orthogonal matrix", default: 1 }],
  fill(shape: Shape, rng, { gain = 1 }) {
    if (shape.length < 2) throw new Error(`orthogonal: needs a shape of rank 2 or more, got [${shape}]`);
    const cols = shape.at(-1)!;
    const rows = sizeOf(shape) / cols;
    const n = Math.max(rows, cols);
    const m = Math.min(rows, cols);
    const q = Float64Array.from({ length: n * m }, () => rng.normal());
    orthonormalizeColumns(q, n, m);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) out[rows >= cols ? i * m + j : j * n + i] = gain * q[i * m + j]!;
    }
    return out;
  },
};
