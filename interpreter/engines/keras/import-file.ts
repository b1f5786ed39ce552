// `dl import model.json|file.keras [--out FILE.dl]`: a TF.js LayersModel or a Keras 3 file as a
// formatted dl program and its weights (FILE.safetensors beside it, which the program's `load`
// names). Both files are written, or neither: a model with layers dl cannot hold lists them all
// (DL602) and writes nothing.
import { writeFileAtomic, WriteError } from "../../../stdlib/files.ts";
import { UserError } from "../../runtime/user-error.ts";
import { ImportRefused, programFromKeras } from "./import-model.ts";
import { readKerasFile } from "./keras-file.ts";
import { TopologyError } from "./read-topology.ts";
import { readModelJson } from "../tfjs/read-model-json.ts";

export interface ImportedFiles {
  /** The .dl file written. */
  program: string;
  /** The weights file written beside it. */
  weights: string;
  source: string;
}

export async function importModelFile(path: string, out?: string): Promise<ImportedFiles> {
  const { existsSync, readFileSync, rmSync } = process.getBuiltinModule("node:fs");
  const { basename, dirname, extname, join, resolve } = process.getBuiltinModule("node:path");
  if (!existsSync(path)) throw new UserError(`${path} does not exist`);
  const program = resolve(out ?? join(dirname(path), `${basename(path, extname(path))}.dl`));
  if (!program.endsWith(".dl")) throw new UserError(`--out ${out} does not end in .dl`, "name the program FILE.dl");
  const weights = program.replace(/\.dl$/, ".safetensors");
  try {
    const read = path.endsWith(".keras")
      ? await readKerasFile(readFileSync(path))
      : readModelJson(readFileSync(path, "utf8"), (shard) => readFileSync(join(dirname(path), shard)));
    const imported = await programFromKeras(read.topology, read.lookup, basename(weights));
    writeFileAtomic(weights, imported.weights);
    try {
      writeFileAtomic(program, imported.source);
    } catch (e) {
      rmSync(weights, { force: true });
      throw e;
    }
    return { program, weights, source: imported.source };
  } catch (e) {
    if (e instanceof ImportRefused) {
      const list = e.layers.map((l) => `\`${l.name}\` (${l.className}): ${l.reason}`).join("; ");
      throw new UserError(
        `${path}: ${e.message}: ${list}`,
        "dl's layers are listed in docs/layers.md; docs/export.md says which Keras layers import",
        "DL602",
      );
    }
    if (e instanceof TopologyError) throw new UserError(`${path} cannot be imported: it holds ${e.message}`, undefined, "DL602");
    if (e instanceof SyntaxError) throw new UserError(`${path} is not valid JSON: ${e.message}`, undefined, "DL602");
    if (e instanceof WriteError) throw new UserError(e.message, undefined, "DL305");
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT" ? (e as NodeJS.ErrnoException).path : undefined;
    if (missing)
      throw new UserError(`${missing}, which ${path} names, does not exist`, "keep the weight shards beside model.json", "DL602");
    throw e;
  }
}
