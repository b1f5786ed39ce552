// Backends by the name users give to `--backend`.
import type { Backend } from "./backend.ts";
import { CpuBackend } from "./cpu/cpu-backend.ts";

const factories: Record<string, () => Backend> = {
  cpu: () => new CpuBackend(),
};

export const backendNames = Object.keys(factories);

export function createBackend(name: string): Backend {
  const factory = factories[name];
  if (!factory) throw new Error(`unknown backend "${name}"; available: ${backendNames.join(", ")}`);
  return factory();
}
