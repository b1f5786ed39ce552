// The webgl backend: the same kernels as cpu, run as gpu.js shader programs. Every tensor is
// a float32 texture that stays on the GPU; `write` uploads and `read` downloads a copy.
// Loaded only through registry.ts, so gpu.js costs cpu users nothing.
import { NO_ATTRS, sizeOf, type Backend, type Shape, type Tensor } from "../backend.ts";
import type { KernelAttrsOf, KernelName } from "../kernel-names.ts";
import { openDevice } from "./device.ts";
import { webglKernels } from "./kernels/index.ts";
import { fill } from "./kernels/memory.ts";
import { MAX_TENSOR_VALUES, ProgramCache } from "./program-cache.ts";
import type { GpuTexture, Programs, WebglKernel, WebglTensor } from "./program.ts";

/** What an empty tensor holds instead of a texture. */
const emptyTexture: GpuTexture = { toArray: () => new Float32Array(0), delete: () => {} };

export async function createWebglBackend(): Promise<Backend> {
  const device = await openDevice();
  return new WebglBackend(new ProgramCache(device.gpu), device.description);
}

class WebglBackend implements Backend {
  readonly name = "webgl";
  readonly kernels: ReadonlySet<KernelName> = new Set(Object.keys(webglKernels) as KernelName[]);
  /** Looked up by any kernel name: the unsupported ones are absent. */
  private readonly registry: Partial<Record<KernelName, WebglKernel>> = webglKernels;
  private readonly programs: Programs;
  private nextId = 1;

  constructor(
    private readonly cache: ProgramCache,
    private readonly description: string,
  ) {
    this.programs = {
      launch: (spec, args) => cache.launch(spec, args),
      assign: (tensor, texture) => {
        tensor.texture.delete();
        tensor.texture = texture;
      },
    };
  }

  describe(): string {
    return this.description;
  }

  alloc(shape: Shape): Tensor {
    const size = sizeOf(shape);
    if (size > MAX_TENSOR_VALUES)
      throw new Error(`webgl backend: a tensor of shape [${shape}] has more than 2^24 values, the most float32 indices address exactly`);
    const texture = size === 0 ? emptyTexture : fill(this.programs, size, 0);
    const tensor: WebglTensor = { id: this.nextId++, shape: [...shape], size, texture };
    return tensor;
  }

  write(tensor: Tensor, data: ArrayLike<number>): void {
    if (data.length !== tensor.size) throw new Error(`write: tensor has ${tensor.size} values, got ${data.length}`);
    if (tensor.size === 0) return;
    this.programs.assign(tensor as WebglTensor, this.cache.upload(Float32Array.from(data)));
  }

  async read(tensor: Tensor): Promise<Float32Array> {
    return Float32Array.from((tensor as WebglTensor).texture.toArray());
  }

  dispose(tensor: Tensor): void {
    (tensor as WebglTensor).texture.delete();
  }

  run<K extends KernelName>(kernel: K, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void {
    const impl = this.registry[kernel];
    if (!impl) throw new Error(`webgl backend has no kernel "${kernel}"`);
    if (outputs.every((output) => output.size === 0)) return; // nothing to write, and gpu.js cannot make an empty texture
    impl.run(this.programs, inputs as WebglTensor[], outputs as WebglTensor[], attrs ?? NO_ATTRS);
  }
}
