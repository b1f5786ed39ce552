// Keras 3's model.weights.h5 through h5wasm (HDF5 compiled to WebAssembly, working in an
// in-memory file system): float32 datasets at paths like layers/dense/vars/0, each layer's
// own variables under `vars` and a sublayer's under its attribute name (cell, query_dense, …).
// h5wasm loads on first use only.

/** A fresh in-memory path for one file, so concurrent calls never share one. */
let files = 0;
const scratch = () => `/dl-weights-${files++}.h5`;

/** HDF5 bytes holding `datasets` (path → shape and values) and every group in `groups`. */
export async function writeWeightsH5(
  groups: readonly string[],
  datasets: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>,
): Promise<Uint8Array> {
  const h5wasm = await import("h5wasm");
  const module = await h5wasm.ready;
  const path = scratch();
  const file = new h5wasm.File(path, "w");
  try {
    const made = new Set<string>([""]);
    const group = (name: string): void => {
      if (made.has(name)) return;
      const parent = name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "";
      group(parent);
      (parent ? (file.get(parent) as InstanceType<typeof h5wasm.Group>) : file).create_group(name.slice(parent ? parent.length + 1 : 0));
      made.add(name);
    };
    groups.forEach(group);
    for (const [name, { shape, data }] of datasets) {
      const parent = name.slice(0, name.lastIndexOf("/"));
      group(parent);
      (file.get(parent) as InstanceType<typeof h5wasm.Group>).create_dataset({
        name: name.slice(parent.length + 1),
        data,
        shape: [...shape],
        dtype: "<f",
      });
    }
  } finally {
    file.close();
  }
  const bytes = module.FS.readFile(path);
  module.FS.unlink(path);
  return bytes;
}

/** Every dataset of HDF5 `bytes` as float32 values, by its path (layers/dense/vars/0). */
export async function readWeightsH5(bytes: Uint8Array): Promise<Map<string, Float32Array>> {
  const h5wasm = await import("h5wasm");
  const module = await h5wasm.ready;
  const path = scratch();
  module.FS.writeFile(path, bytes);
  const file = new h5wasm.File(path, "r");
  try {
    const datasets = new Map<string, Float32Array>();
    const visit = (group: InstanceType<typeof h5wasm.Group>, prefix: string): void => {
      for (const key of group.keys()) {
        const entity = group.get(key);
        if (entity instanceof h5wasm.Group) visit(entity, `${prefix}${key}/`);
        else if (entity instanceof h5wasm.Dataset) {
          const value = entity.value;
          datasets.set(`${prefix}${key}`, value instanceof Float32Array ? value : Float32Array.from(value as ArrayLike<number>));
        }
      }
    };
    visit(file, "");
    return datasets;
  } finally {
    file.close();
    module.FS.unlink(path);
  }
}
