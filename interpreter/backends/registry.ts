// Backends by the name users give to `--backend`. Each loads on demand, so a backend with
// heavy dependencies (webgl needs gpu.js) costs nothing until someone asks for it.
import type { Backend, BackendOptions } from "./backend.ts";

const factories: Record<string, (options: BackendOptions) => Promise<Backend>> = {
  cpu: async (options) => {
    const backend = new (await import("./cpu/cpu-backend.ts")).CpuBackend(options);
    await backend.started;
    return backend;
  },
  webgl: async () => (await import("./webgl/webgl-backend.ts")).createWebglBackend(),
};

export const backendNames = Object.keys(factories);

export async function loadBackend(name: string, options: BackendOptions = {}): Promise<Backend> {
  const factory = factories[name];
  if (!factory) throw new Error(`unknown backend "${name}"; available: ${backendNames.join(", ")}`);
  return factory(options);
}
