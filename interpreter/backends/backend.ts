// The contract every backend implements. The interpreter talks only to this interface,
// so a model runs unchanged on `cpu`, `webgl` (gpu.js) or a future WebGPU backend.
//
// Tensors are float32 with static shapes. Kernels write into output tensors the caller
// allocated up front (the interpreter plans memory once when it builds a model), so a
// training step allocates nothing. `run` returns at once; only `read` is async, because a
// GPU backend has to wait for the device before values can come back.

import type { KernelAttrsOf, KernelName } from "./kernel-names.ts";

export type Shape = readonly number[];

/** An opaque handle to a float32 buffer owned by a backend. */
export interface Tensor {
  readonly id: number;
  readonly shape: Shape;
  readonly size: number;
}

/**
 * Scalar and small-array parameters of a kernel call (axis, alpha, learning rate, …), as a kernel
 * reads them; kernel-names.ts types what each kernel takes.
 */
export type KernelAttrs = Readonly<Record<string, number | boolean | string | readonly number[]>>;

/** What a kernel reads when a call passes no attributes: one frozen object, so a replayed step allocates nothing. */
export const NO_ATTRS: KernelAttrs = Object.freeze({});

/** What `loadBackend` may tune; a backend ignores what it has no use for. */
export interface BackendOptions {
  /** Threads for the cpu backend's convolutions and large GEMMs (default 1; Node only, the same bits for any count). */
  threads?: number;
}

export interface Backend {
  /** The name users pass to `--backend`. */
  readonly name: string;
  /** What actually runs the kernels, e.g. "cpu (Float32Array), 1 thread". */
  describe(): string;
  /** The kernels this backend implements (all but its unsupported list); DL304 refuses models needing others. */
  readonly kernels: ReadonlySet<KernelName>;
  /** A zero-filled tensor. */
  alloc(shape: Shape): Tensor;
  write(tensor: Tensor, data: ArrayLike<number>): void;
  /** A copy of the tensor's values. */
  read(tensor: Tensor): Promise<Float32Array>;
  dispose(tensor: Tensor): void;
  /** Runs a kernel: reads `inputs`, overwrites `outputs`. Throws for an unknown kernel name. */
  run<K extends KernelName>(kernel: K, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void;
}

/**
 * A value in the data that a kernel cannot take (a class label or token index out of range).
 * It is the user's data, not a bug, so the interpreter reports it as a diagnostic.
 */
export class InputValueError extends Error {}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** The backend could not get the memory a tensor needs (the checker's estimate, DL403, stops most such models first). */
export class BackendOutOfMemoryError extends Error {}

/** The backend cannot run on this machine (no GPU context, a missing optional package). */
export class BackendUnavailableError extends Error {}
