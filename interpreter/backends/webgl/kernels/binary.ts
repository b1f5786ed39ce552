// out = a (op) b elementwise, b repeated over a's leading axes when it is smaller (a bias [n]
// against [batch, n], or a scalar), honouring `accumulate` (cpu/kernels/binary.ts).
import { boolAttr } from "../../shared/attrs.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { quotient } from "../quotient.ts";

const OPS = { add: 0, sub: 1, mul: 2, div: 3 } as const;

function binarySource(this: ProgramThis<"accumulate" | "bSize" | "op">, out: number[], a: number[], b: number[]): number {
  const i = this.thread.x;
  // b's index is i mod its size.
  const j = i - quotient(i, this.constants.bSize) * this.constants.bSize;
  let value = 0;
  if (this.constants.op === 0) value = a[i]! + b[j]!;
  if (this.constants.op === 1) value = a[i]! - b[j]!;
  if (this.constants.op === 2) value = a[i]! * b[j]!;
  if (this.constants.op === 3) value = a[i]! / b[j]!;
  if (this.constants.accumulate === 1) return out[i]! + value;
  return value;
}

function binaryKernel(name: keyof typeof OPS): WebglKernel {
  return {
    run(programs, [a, b], [out], attrs) {
      if (a!.size !== out!.size || out!.size % b!.size !== 0) {
        throw new Error(`${name}: cannot broadcast [${b!.shape}] against [${a!.shape}] into [${out!.shape}]`);
      }
      if (out!.size === 0) return;
      const constants = { op: OPS[name], bSize: b!.size, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      programs.assign(out!, programs.launch({ name: "binary", source: binarySource, size: out!.size, constants }, [out!, a!, b!]));
    },
  };
}

export const binaryKernels = { add: binaryKernel("add"), sub: binaryKernel("sub"), mul: binaryKernel("mul"), div: binaryKernel("div") };
