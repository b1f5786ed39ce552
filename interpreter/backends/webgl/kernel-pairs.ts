// Kernel families written once for a list of names (activations, losses): each name's kernel
// and its gradient kernel `<name>_grad`, keyed by kernel name for the typed table in kernels/index.ts.
import type { WebglKernel } from "./program.ts";

export function kernelPairs<N extends string>(
  names: readonly N[],
  pair: (name: N, index: number) => [WebglKernel, WebglKernel],
): Record<N | `${N}_grad`, WebglKernel> {
  const entries = names.flatMap((name, index) => {
    const [forward, gradient] = pair(name, index);
    return [
      [name, forward],
      [`${name}_grad`, gradient],
    ];
  });
  return Object.fromEntries(entries) as Record<N | `${N}_grad`, WebglKernel>;
}
