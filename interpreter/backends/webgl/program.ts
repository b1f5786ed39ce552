// The types every webgl kernel works with. A tensor is one gpu.js texture holding its values
// flat (output [size]); a kernel family compiles gpu.js programs (kernel functions written in
// the subset of JavaScript gpu.js translates to GLSL) and runs one per output tensor.
import type { KernelAttrs, Tensor } from "../backend.ts";

/** The opaque gpu.js texture a tensor's values live in. */
export interface GpuTexture {
  toArray(): Float32Array | number[];
  delete(): void;
}

export interface WebglTensor extends Tensor {
  texture: GpuTexture;
}

/** `this` inside a program: the output index and the compile-time constants named by C. */
export interface ProgramThis<C extends string = never> {
  readonly thread: { readonly x: number };
  readonly constants: Readonly<Record<C, number>>;
}

/** A gpu.js kernel function over flat textures (`number[]` in TypeScript) and float uniforms. */
export type ProgramSource = (this: ProgramThis<string>, ...args: never[]) => number;

/** One compiled program's identity and settings; programs are cached by all of it. */
export interface ProgramSpec {
  /** Unique per source function (the cache key starts with it). */
  readonly name: string;
  readonly source: ProgramSource;
  /** Values the program writes (the output tensor's size). */
  readonly size: number;
  /** Integers baked into the shader: dimensions, loop bounds, flags. */
  readonly constants?: Readonly<Record<string, number>>;
  /** Helper functions the source calls, translated along with it. */
  readonly functions?: readonly ((...args: never[]) => number)[];
}

/** An argument of a program run: a tensor's texture, or a float uniform (lr, alpha, …). */
export type ProgramArg = WebglTensor | number;

/** What a kernel family sees of the backend. */
export interface Programs {
  /** Runs a program (compiled once per spec and argument sizes) and returns its output texture. */
  launch(spec: ProgramSpec, args: readonly ProgramArg[]): GpuTexture;
  /** Makes `texture` the tensor's values, freeing the texture it replaces. */
  assign(tensor: WebglTensor, texture: GpuTexture): void;
}

export interface WebglKernel {
  run(programs: Programs, inputs: readonly WebglTensor[], outputs: readonly WebglTensor[], attrs: KernelAttrs): void;
}

/** Runs a program whose output is an intermediate (row statistics, say) rather than a tensor; free it with `texture.delete()`. */
export function launchScratch(programs: Programs, spec: ProgramSpec, args: readonly ProgramArg[]): WebglTensor {
  return { id: 0, shape: [spec.size], size: spec.size, texture: programs.launch(spec, args) };
}
