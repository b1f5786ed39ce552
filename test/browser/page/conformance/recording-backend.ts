// A backend that passes everything to another one and writes down every kernel name used:
// the ones run, and the ones asked about (optimizers check their kernels up front).
import type { Backend, Shape, Tensor } from "../../../../interpreter/backends/backend.ts";
import type { KernelAttrsOf, KernelName } from "../../../../interpreter/backends/kernel-names.ts";

class RecordingSet extends Set<KernelName> {
  constructor(
    private readonly inner: ReadonlySet<KernelName>,
    private readonly asked: Set<KernelName>,
  ) {
    super(inner);
  }

  override has(kernel: KernelName): boolean {
    this.asked.add(kernel);
    return this.inner.has(kernel);
  }
}

export class RecordingBackend implements Backend {
  readonly used = new Set<KernelName>();
  readonly name: string;
  readonly kernels: ReadonlySet<KernelName>;

  constructor(private readonly inner: Backend) {
    this.name = inner.name;
    this.kernels = new RecordingSet(inner.kernels, this.used);
  }

  describe(): string {
    return this.inner.describe();
  }

  alloc(shape: Shape): Tensor {
    return this.inner.alloc(shape);
  }

  write(tensor: Tensor, data: ArrayLike<number>): void {
    this.inner.write(tensor, data);
  }

  read(tensor: Tensor): Promise<Float32Array> {
    return this.inner.read(tensor);
  }

  dispose(tensor: Tensor): void {
    this.inner.dispose(tensor);
  }

  run<K extends KernelName>(kernel: K, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void {
    this.used.add(kernel);
    this.inner.run(kernel, inputs, outputs, attrs);
  }
}
