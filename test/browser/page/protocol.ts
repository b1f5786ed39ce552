// What the test page offers the Node side (on `globalThis.dlBrowserTest`) and what each step
// returns. Everything crosses page.evaluate as JSON, so these are plain data.

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface EnvironmentReport {
  /** WebGL2's unmasked renderer, read from a context of our own; null without WebGL2. */
  webgl2Renderer: string | null;
  cpu: string;
  /** The webgl backend's describe() (API, renderer, precision, gpu.js kernel class), or why it failed to load. */
  webgl: { describe: string } | { error: string };
}

export interface KernelParityRow {
  kernel: string;
  case: string;
  maxAbs: number;
  maxRel: number;
}

export interface ConformanceRow {
  name: string;
  kind: string;
  /** Kernels the case runs that the webgl backend lacks; the case then ran on cpu only. */
  missingOnWebgl: string[];
  /** How many named values (outputs, gradients, weights after a step…) the case compares. */
  values: number;
  /** The first value outside the reference tolerance, or null. */
  cpuVsReference: string | null;
  webglVsReference: string | null;
  /** What webgl threw, when running the case failed there. */
  webglError?: string;
  /** The value where webgl is furthest from cpu (compareValues), absent when skipped. */
  webglVsCpu?: { what: string; maxAbs: number; maxRel: number };
}

export interface MnistOptions {
  backend: string;
  /** The .dl program (examples/mnist_mlp.dl): its model, data block and train settings are used. */
  source: string;
}

export interface MnistReport {
  backend: string;
  counts: { train: number; validation: number; test: number };
  epochSeconds: number;
  evaluateSeconds: number;
  epoch: Record<string, number>;
  test: Record<string, number>;
}

export interface PageSteps {
  environment(): Promise<EnvironmentReport>;
  /** The webgl backend's kernel names, and kernelParity(cpu, webgl)'s rows. */
  kernelParity(): Promise<{ kernels: string[]; rows: KernelParityRow[] }>;
  conformance(tolerance: Tolerance): Promise<ConformanceRow[]>;
  mnist(options: MnistOptions): Promise<MnistReport>;
}
