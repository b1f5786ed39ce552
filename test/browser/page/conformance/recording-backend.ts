// A backend that passes everything to another one and writes down every kernel name used:
// the ones run, and the ones asked about (optimizers check their kernels up front).
import type { Backend, KernelAttrs, Shape, Tensor } from "../../../../interpreter/backends/backend.ts";

class RecordingSet extends Set<string> {
  constructor(
    private readonly inner: ReadonlySet<string>,
    private readonly asked: Set<string>,
  ) {
    super(inner);
  }

  override has(kernel: string): boolean {
    this.asked.add(kernel);
    return this.inner.has(kernel);
  }
}

export class RecordingBackend implements Backend {
  readonly used = new Set<string>();
  readonly name: string;
  readonly kernels: ReadonlySet<string>;

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

  run(kernel: string, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrs): void {
    this.used.add(kernel);
    this.inner.run(kernel, inputs, outputs, attrs);
  }
}
