// Compiles gpu.js programs once and runs them. A program is compiled per spec (name, output
// size, constants) and argument sizes: gpu.js bakes loop bounds and texture sizes into the
// shader, ignores a later setOutput under our settings, and throws when one compiled kernel
// is called with arrays and then textures. The interpreter plans shapes once, so the cache
// stays small.
//
// Settings: pipeline keeps every result on the GPU as a texture; immutable makes each call
// return a texture of its own (a clone the kernel gives up on its next call), so a program
// may read the texture it replaces (in-place updates) and results never alias; single
// precision with the 'precision' tactic compiles highp float32 shaders (the default is lowp).
import type { GpuTexture, ProgramArg, ProgramSpec, ProgramThis } from "./program.ts";
import { quotient } from "./quotient.ts";

/** Indices are whole numbers in float32, exact up to 2^24, which bounds a tensor's size. */
export const MAX_TENSOR_VALUES = 2 ** 24;

/** The parts of a gpu.js kernel and GPU we use. */
export interface GpuKernel {
  (...args: unknown[]): unknown;
}

export interface GpuInstance {
  createKernel(source: unknown, settings: Record<string, unknown>): GpuKernel;
}

export class ProgramCache {
  private readonly compiled = new Map<string, GpuKernel>();

  constructor(private readonly gpu: GpuInstance) {}

  launch(spec: ProgramSpec, args: readonly ProgramArg[]): GpuTexture {
    const sizes = args.map((a) => (typeof a === "number" ? "f" : String(a.size)));
    return this.call(
      spec,
      sizes,
      args.map((a) => (typeof a === "number" ? a : a.texture)),
    );
  }

  /** Uploads values through a program that takes an array (never a texture, see above). */
  upload(values: Float32Array): GpuTexture {
    return this.call({ name: "upload", source: uploadSource, size: values.length }, ["array"], [values]);
  }

  private call(spec: ProgramSpec, argumentSizes: readonly string[], values: readonly unknown[]): GpuTexture {
    const constants = spec.constants ?? {};
    const key = `${spec.name}|${spec.size}|${JSON.stringify(constants)}|${argumentSizes.join(",")}`;
    let kernel = this.compiled.get(key);
    if (!kernel) {
      kernel = this.gpu.createKernel(spec.source, {
        output: [spec.size],
        pipeline: true,
        immutable: true,
        precision: "single",
        tactic: "precision",
        constants,
        functions: [quotient, ...(spec.functions ?? [])],
        // gpu.js caps loops whose bound is not a plain constant (4 * units, say) at this many
        // iterations; no program loops over more values than a tensor holds.
        loopMaxIterations: MAX_TENSOR_VALUES,
      });
      this.compiled.set(key, kernel);
    }
    return kernel(...values) as GpuTexture;
  }
}

function uploadSource(this: ProgramThis, values: number[]): number {
  return values[this.thread.x]!;
}
