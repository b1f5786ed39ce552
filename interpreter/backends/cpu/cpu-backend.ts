// The reference backend: every tensor is a Float32Array in this process.
import { sizeOf, type Backend, type KernelAttrs, type Shape, type Tensor } from "../backend.ts";
import type { CpuArray, CpuKernel } from "./kernel.ts";
import { cpuKernels } from "./kernels/index.ts";
import { gemmIsFast } from "./kernels/matmul-gemm.ts";

interface CpuTensor extends Tensor, CpuArray {}

export class CpuBackend implements Backend {
  readonly name = "cpu";
  readonly kernels: ReadonlySet<string>;
  private readonly registry = new Map<string, CpuKernel>();
  private nextId = 1;

  constructor() {
    for (const kernel of cpuKernels) this.registry.set(kernel.name, kernel);
    this.kernels = new Set(this.registry.keys());
  }

  describe(): string {
    return `cpu (Float32Array, ${gemmIsFast ? "WebAssembly SIMD" : "plain JavaScript"} matmul), 1 thread`;
  }

  alloc(shape: Shape): Tensor {
    const size = sizeOf(shape);
    const tensor: CpuTensor = { id: this.nextId++, shape: [...shape], size, data: new Float32Array(size) };
    return tensor;
  }

  write(tensor: Tensor, data: ArrayLike<number>): void {
    if (data.length !== tensor.size) {
      throw new Error(`write: tensor has ${tensor.size} values, got ${data.length}`);
    }
    (tensor as CpuTensor).data.set(data);
  }

  async read(tensor: Tensor): Promise<Float32Array> {
    return (tensor as CpuTensor).data.slice();
  }

  dispose(_tensor: Tensor): void {
    // Garbage collected; nothing to free.
  }

  run(kernel: string, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs: KernelAttrs = {}): void {
    const impl = this.registry.get(kernel);
    if (!impl) throw new Error(`cpu backend has no kernel "${kernel}"`);
    impl.run(inputs as CpuTensor[], outputs as CpuTensor[], attrs);
  }
}
