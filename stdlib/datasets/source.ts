// What a data source is: its description (arguments and options the checker binds before
// anything is read) and a loader that receives the bound config.
import type { Config, NamedSpec } from "../spec.ts";
import type { DataSplits } from "./dataset.ts";

export interface DataSource extends NamedSpec {
  /** The shape of one example and the number of classes, when known before loading (built-in sets). */
  features?: readonly number[];
  classes?: number;
  /** Whether `load` gives a test split for this config, so `evaluate … on d.test` is checked before loading; absent: never. */
  hasTest?(config: Config): boolean;
  /** `config` holds every argument and option by name, defaults filled in; `baseDir` is the directory of the .dl file, which relative paths resolve against. Returns fresh arrays on every call: preprocessing overwrites them in place. */
  load(config: Config, baseDir: string): DataSplits;
}
