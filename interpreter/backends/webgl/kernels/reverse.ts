// reverse_time: y[b, t] = x[b, time-1-t] over x [batch, time, …], Keras Bidirectional's time
// reversal; its own gradient, so it honours `accumulate` (cpu/kernels/reverse.ts).
import { boolAttr } from "../../shared/attrs.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { quotient } from "../quotient.ts";

function reverseSource(this: ProgramThis<"accumulate" | "step" | "time">, y: number[], x: number[]): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.step);
  const j = index - row * this.constants.step;
  const b = quotient(row, this.constants.time);
  const t = row - b * this.constants.time;
  const value = x[(b * this.constants.time + this.constants.time - 1 - t) * this.constants.step + j]!;
  if (this.constants.accumulate === 1) return y[index]! + value;
  return value;
}

export const reverseTimeKernel: WebglKernel = {
  run(programs, [x], [y], attrs) {
    const [batch, time] = x!.shape as [number, number];
    if (x!.shape.length < 2 || x!.size !== y!.size) throw new Error(`reverse_time: [${x!.shape}] into [${y!.shape}]`);
    const constants = { time, step: x!.size / (batch * time), accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
    programs.assign(y!, programs.launch({ name: "reverse_time", source: reverseSource, size: y!.size, constants }, [y!, x!]));
  },
};
