// Every kernel of the webgl backend against cpu, with the shared parity cases.
import { kernelParity } from "../../helpers/kernel-parity.ts";
import { pageBackend } from "./backends.ts";
import type { KernelParityRow } from "./protocol.ts";

export async function webglKernelParity(): Promise<{ kernels: string[]; rows: KernelParityRow[] }> {
  const webgl = await pageBackend("webgl");
  return { kernels: [...webgl.kernels].sort(), rows: await kernelParity(await pageBackend("cpu"), webgl) };
}
