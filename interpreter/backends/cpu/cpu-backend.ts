// The reference backend: every tensor is a Float32Array in this process, a view on the
// backend's WebAssembly memory so the SIMD kernels can work on it in place.
import { NO_ATTRS, sizeOf, type Backend, type BackendOptions, type Shape, type Tensor } from "../backend.ts";
import type { KernelAttrsOf, KernelName } from "../kernel-names.ts";
import type { CpuArray, CpuKernel } from "./kernel.ts";
import { cpuKernels } from "./kernels/index.ts";
import { WasmRuntime } from "./wasm/runtime.ts";

interface CpuTensor extends Tensor, CpuArray {
  data: Float32Array;
}

export class CpuBackend implements Backend {
  readonly name = "cpu";
  readonly kernels: ReadonlySet<KernelName> = new Set(Object.keys(cpuKernels) as KernelName[]);
  /** Looked up by any kernel name: the unsupported ones are absent. */
  private readonly registry: Partial<Record<KernelName, CpuKernel>> = cpuKernels;
  private readonly wasm: WasmRuntime | undefined;
  private nextId = 1;

  /** `threads` > 1 splits convolutions and large GEMMs between threads (Node only; the same bits as 1). */
  constructor(options: BackendOptions = {}) {
    this.wasm = WasmRuntime.create("fma", options.threads ?? 1);
    this.started = this.wasm?.pool?.started ?? Promise.resolve();
  }

  /** Settles once the threads run (loadBackend waits for it; until then the main thread does all the work). */
  readonly started: Promise<void>;

  describe(): string {
    const simd = this.wasm?.multiplyAdd === "fma" ? "WebAssembly SIMD with fused multiply-add" : "WebAssembly SIMD";
    const threads = this.wasm?.pool?.threads ?? 1;
    return `cpu (Float32Array, ${this.wasm ? simd : "plain JavaScript"} kernels), ${threads} thread${threads === 1 ? "" : "s"}`;
  }

  alloc(shape: Shape): Tensor {
    const size = sizeOf(shape);
    const tensor: CpuTensor = { id: this.nextId++, shape: [...shape], size, data: new Float32Array(0) };
    if (this.wasm) this.wasm.alloc(tensor, size);
    else tensor.data = new Float32Array(size);
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
    // Tensors live as long as their backend (the static plan allocates them once).
  }

  run<K extends KernelName>(kernel: K, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void {
    const impl = this.registry[kernel];
    if (!impl) throw new Error(`cpu backend has no kernel "${kernel}"`);
    impl.run(inputs as CpuTensor[], outputs as CpuTensor[], attrs ?? NO_ATTRS, this.wasm);
  }
}
