// Gradient clipping applied before every update, all on the device: the norm goes into a
// 1-element scratch tensor that the scaling kernel reads, so nothing is read back mid-step.
// Keras: the clipnorm / global_clipnorm / clipvalue arguments of every optimizer.
import type { Backend, Tensor } from "../../interpreter/backends/backend.ts";
import type { KernelName } from "../../interpreter/backends/kernel-names.ts";
import type { Hyper } from "./options.ts";

export type Clipping =
  | { readonly kind: "none" }
  | { readonly kind: "clipnorm"; readonly limit: number }
  | { readonly kind: "global_clipnorm"; readonly limit: number }
  | { readonly kind: "clipvalue"; readonly limit: number };

export function resolveClipping(hyper: Hyper): Clipping {
  const set = (["clipnorm", "global_clipnorm", "clipvalue"] as const)
    .map((kind) => ({ kind, limit: hyper.optionalNumber(kind) }))
    .filter((c): c is { kind: "clipnorm" | "global_clipnorm" | "clipvalue"; limit: number } => c.limit !== undefined);
  if (set.length > 1) {
    throw new Error(`${hyper.optimizer}: set only one of clipnorm, global_clipnorm and clipvalue`);
  }
  const clipping = set[0];
  if (!clipping) return { kind: "none" };
  if (!(clipping.limit > 0)) throw new Error(`${hyper.optimizer}: ${clipping.kind} must be positive`);
  return clipping;
}

/** Kernels a clipping mode needs. */
export function clippingKernels(clipping: Clipping): KernelName[] {
  if (clipping.kind === "none") return [];
  if (clipping.kind === "clipvalue") return ["clip_by_value"];
  return ["sum_of_squares", "clip_by_norm"];
}

/** Returns a function that clips gradients in place, reusing one scratch scalar. */
export function createClipper(backend: Backend, clipping: Clipping): ((grads: readonly Tensor[]) => void) & { dispose(): void } {
  const scratch = clipping.kind === "clipnorm" || clipping.kind === "global_clipnorm" ? backend.alloc([1]) : undefined;
  const clip = (grads: readonly Tensor[]): void => {
    switch (clipping.kind) {
      case "none":
        return;
      case "clipvalue":
        for (const g of grads) backend.run("clip_by_value", [g], [g], { clipvalue: clipping.limit });
        return;
      case "clipnorm":
        for (const g of grads) {
          backend.run("sum_of_squares", [g], [scratch!]);
          backend.run("clip_by_norm", [g, scratch!], [g], { clipnorm: clipping.limit });
        }
        return;
      case "global_clipnorm":
        backend.run("sum_of_squares", grads, [scratch!]);
        for (const g of grads) backend.run("clip_by_norm", [g, scratch!], [g], { clipnorm: clipping.limit });
        return;
    }
  };
  return Object.assign(clip, {
    dispose(): void {
      if (scratch) backend.dispose(scratch);
    },
  });
}
