// out = a (op) b elementwise. `b` may be smaller than `a` when it matches a's trailing axes
// (a bias [n] against [batch, n], or a scalar): it is then repeated over the leading axes.
// `accumulate` adds into out. Writing in place (out = a) is safe.
//
// Each op has its own loops (no function call per element), with separate paths for a full
// operand, a scalar and a repeated row (a per-channel bias over the last axis of NHWC, say).
// Adding a repeated row of a multiple of 4 values, or two arrays of one shape, on the wasm heap
// is a SIMD kernel (add_rows), which rounds each sum to float32 once, as the loop does, so it
// gives the same bits.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
type Op = typeof ADD | typeof SUB | typeof MUL | typeof DIV;

/** os[i] (+)= as[i] op bs[i mod bs.length]; the op is a constant in each copy of the loop. */
function apply(op: Op, as: Float32Array, bs: Float32Array, os: Float32Array, accumulate: boolean): void {
  const size = os.length;
  const n = bs.length;
  if (n === size) {
    if (accumulate) {
      switch (op) {
        case ADD:
          for (let i = 0; i < size; i++) os[i] = os[i]! + (as[i]! + bs[i]!);
          return;
        case SUB:
          for (let i = 0; i < size; i++) os[i] = os[i]! + (as[i]! - bs[i]!);
          return;
        case MUL:
          for (let i = 0; i < size; i++) os[i] = os[i]! + as[i]! * bs[i]!;
          return;
        case DIV:
          for (let i = 0; i < size; i++) os[i] = os[i]! + as[i]! / bs[i]!;
          return;
      }
    }
    switch (op) {
      case ADD:
        for (let i = 0; i < size; i++) os[i] = as[i]! + bs[i]!;
        return;
      case SUB:
        for (let i = 0; i < size; i++) os[i] = as[i]! - bs[i]!;
        return;
      case MUL:
        for (let i = 0; i < size; i++) os[i] = as[i]! * bs[i]!;
        return;
      case DIV:
        for (let i = 0; i < size; i++) os[i] = as[i]! / bs[i]!;
        return;
    }
  }
  if (n === 1) {
    const s = bs[0]!;
    if (accumulate) {
      switch (op) {
        case ADD:
          for (let i = 0; i < size; i++) os[i] = os[i]! + (as[i]! + s);
          return;
        case SUB:
          for (let i = 0; i < size; i++) os[i] = os[i]! + (as[i]! - s);
          return;
        case MUL:
          for (let i = 0; i < size; i++) os[i] = os[i]! + as[i]! * s;
          return;
        case DIV:
          for (let i = 0; i < size; i++) os[i] = os[i]! + as[i]! / s;
          return;
      }
    }
    switch (op) {
      case ADD:
        for (let i = 0; i < size; i++) os[i] = as[i]! + s;
        return;
      case SUB:
        for (let i = 0; i < size; i++) os[i] = as[i]! - s;
        return;
      case MUL:
        for (let i = 0; i < size; i++) os[i] = as[i]! * s;
        return;
      case DIV:
        for (let i = 0; i < size; i++) os[i] = as[i]! / s;
        return;
    }
  }
  // b repeated over the leading axes: one row of n at a time.
  for (let start = 0; start < size; start += n) {
    if (accumulate) {
      switch (op) {
        case ADD:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = os[i]! + (as[i]! + bs[j]!);
          break;
        case SUB:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = os[i]! + (as[i]! - bs[j]!);
          break;
        case MUL:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = os[i]! + as[i]! * bs[j]!;
          break;
        case DIV:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = os[i]! + as[i]! / bs[j]!;
          break;
      }
    } else {
      switch (op) {
        case ADD:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = as[i]! + bs[j]!;
          break;
        case SUB:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = as[i]! - bs[j]!;
          break;
        case MUL:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = as[i]! * bs[j]!;
          break;
        case DIV:
          for (let j = 0, i = start; j < n; j++, i++) os[i] = as[i]! / bs[j]!;
          break;
      }
    }
  }
}

function binaryKernel(name: string, op: Op): CpuKernel {
  return {
    run([a, b], [out], attrs, wasm) {
      const as = a!.data;
      const bs = b!.data;
      const os = out!.data;
      if (as.length !== os.length || os.length % bs.length !== 0) {
        throw new Error(`${name}: cannot broadcast [${b!.shape}] against [${a!.shape}] into [${out!.shape}]`);
      }
      if (os.length === 0) return;
      const n = bs.length;
      if (op === ADD && wasm && (n === os.length || n % 4 === 0) && !boolAttr(attrs, "accumulate") && wasm.holds(as, bs, os)) {
        // Same shapes (a residual connection) are one row; tensors are padded to whole vectors.
        if (n === os.length) wasm.addRows(as.byteOffset, bs.byteOffset, os.byteOffset, 1, Math.ceil(n / 4) * 16);
        else wasm.addRows(as.byteOffset, bs.byteOffset, os.byteOffset, os.length / n, n * 4);
        return;
      }
      apply(op, as, bs, os, boolAttr(attrs, "accumulate"));
    },
  };
}

export const binaryKernels = {
  add: binaryKernel("add", ADD),
  sub: binaryKernel("sub", SUB),
  mul: binaryKernel("mul", MUL),
  div: binaryKernel("div", DIV),
};
