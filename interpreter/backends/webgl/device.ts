// Opens gpu.js and makes sure it really runs on WebGL. gpu.js falls back to WebAssembly or
// the CPU without a word (gpu.mode still says 'gpu'), so the kernel class of a probe program
// decides, and describe() reports the renderer and float precision the GL context has.
import { BackendUnavailableError } from "../backend.ts";
import type { GpuInstance, GpuKernel } from "./program-cache.ts";
import type { ProgramThis } from "./program.ts";

export interface Device {
  readonly gpu: GpuInstance;
  /** e.g. "webgl1 (headless-gl) on llvmpipe, float32, gpu.js HeadlessGLKernel". */
  readonly description: string;
}

interface GlContext {
  readonly RENDERER: number;
  readonly FRAGMENT_SHADER: number;
  readonly HIGH_FLOAT: number;
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(parameter: number): unknown;
  getShaderPrecisionFormat(shader: number, precision: number): { precision: number } | null;
}

/** The parts of gpu.js used here; typed locally because gpu.js is an optional peer dependency. */
interface GpuJs {
  GPU: new () => unknown;
  HeadlessGLKernel: unknown;
  WebGL2Kernel: unknown;
  WebGLKernel: unknown;
}

const inNode = typeof process !== "undefined" && process.versions?.node !== undefined;

function unavailable(reason: string): BackendUnavailableError {
  const fix = inNode
    ? "in Node it needs the optional `gl` package built and an X server (xvfb-run -a), see docs/webgl.md"
    : "this browser has no usable WebGL2";
  return new BackendUnavailableError(`webgl backend unavailable: ${reason}; ${fix}`);
}

export async function openDevice(): Promise<Device> {
  let gpujs: GpuJs;
  try {
    gpujs = (await import("gpu.js")) as GpuJs;
  } catch (error) {
    // gpu.js is an optional peer dependency: this repository installs it for its tests, a
    // project using dl-lang installs it only if it wants webgl.
    throw new BackendUnavailableError(
      `webgl backend unavailable: gpu.js could not be loaded (${firstLine(error)}); npm install gpu.js@2.24.1, see docs/webgl.md`,
    );
  }
  // The classes gpu.js may pick, most specific first (HeadlessGLKernel extends WebGLKernel).
  const glKernels: [string, string, unknown][] = [
    ["HeadlessGLKernel", "webgl1 (headless-gl)", gpujs.HeadlessGLKernel],
    ["WebGL2Kernel", "webgl2", gpujs.WebGL2Kernel],
    ["WebGLKernel", "webgl1", gpujs.WebGLKernel],
  ];
  let gpu: GpuInstance;
  let kernel: { context: GlContext; constructor: { name: string } };
  try {
    gpu = new gpujs.GPU() as unknown as GpuInstance;
    const probe = gpu.createKernel(probeSource, { output: [1], precision: "single", tactic: "precision" }) as GpuKernel & {
      kernel: typeof kernel;
    };
    probe();
    kernel = probe.kernel;
  } catch (error) {
    throw unavailable(`a probe kernel failed (${firstLine(error)})`);
  }
  const match = glKernels.find(([, , Class]) => kernel instanceof (Class as new () => unknown));
  if (!match) throw unavailable(`no WebGL context (gpu.js fell back to ${kernel.constructor.name})`);
  const [className, api] = match;
  return { gpu, description: `${api} on ${renderer(kernel.context)}, ${floatPrecision(kernel.context)}, gpu.js ${className}` };
}

function probeSource(this: ProgramThis): number {
  return this.thread.x + 1;
}

function renderer(gl: GlContext): string {
  const debugInfo = gl.getExtension("WEBGL_debug_renderer_info");
  return String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** float32 when highp floats carry a 23-bit mantissa, as IEEE single precision does. */
function floatPrecision(gl: GlContext): string {
  const bits = gl.getShaderPrecisionFormat(gl.FRAGMENT_SHADER, gl.HIGH_FLOAT)?.precision ?? 0;
  return bits >= 23 ? "float32" : `${bits}-bit mantissa floats (less than float32)`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
