// One backend of each kind for the whole page: every webgl backend opens its own WebGL context,
// and a browser keeps only a handful of those alive.
import { loadBackend } from "../../../interpreter/api.ts";
import type { Backend } from "../../../interpreter/backends/backend.ts";

const loaded = new Map<string, Promise<Backend>>();

export function pageBackend(name: string): Promise<Backend> {
  let backend = loaded.get(name);
  if (!backend) {
    backend = loadBackend(name);
    loaded.set(name, backend);
  }
  return backend;
}
