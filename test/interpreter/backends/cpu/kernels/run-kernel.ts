// Shared by the kernel tests: run one CPU kernel on fresh tensors and read its outputs back.
import type { Shape } from "../../../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../../../interpreter/backends/cpu/cpu-backend.ts";
import type { KernelAttrsOf, KernelName } from "../../../../../interpreter/backends/kernel-names.ts";

export const backend = new CpuBackend();

/** `out` gives output shapes and optional initial values (for `accumulate`). */
export async function run<K extends KernelName>(
  kernel: K,
  inputs: [Shape, ArrayLike<number>][],
  out: [Shape, ArrayLike<number>?][],
  attrs?: KernelAttrsOf<K>,
): Promise<Float32Array[]> {
  const ins = inputs.map(([shape, data]) => {
    const t = backend.alloc(shape);
    backend.write(t, data);
    return t;
  });
  const outs = out.map(([shape, data]) => {
    const t = backend.alloc(shape);
    if (data) backend.write(t, data);
    return t;
  });
  backend.run(kernel, ins, outs, attrs);
  return Promise.all(outs.map((t) => backend.read(t)));
}
