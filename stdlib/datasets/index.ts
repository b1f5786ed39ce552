// The data sources a `source <name> …` line can name.
import { didYouMeanSuffix } from "../../diagnostics/suggest.ts";
import { completeConfig, type Config } from "../spec.ts";
import { DataError } from "./data-error.ts";
import type { DataSplits } from "./dataset.ts";
import type { DataSource } from "./source.ts";
import { csvSource } from "./sources/csv.ts";
import { idxSource } from "./sources/idx.ts";
import { irisSource } from "./sources/iris.ts";
import { jsonSource } from "./sources/json.ts";
import { mnistSource } from "./sources/mnist.ts";
import { paritySource } from "./sources/parity.ts";
import { sineSource } from "./sources/sine.ts";
import { spiralsSource } from "./sources/spirals.ts";
import { xorSource } from "./sources/xor.ts";

export type { DataSource } from "./source.ts";

export const sources: Readonly<Record<string, DataSource>> = {
  csv: csvSource,
  idx: idxSource,
  iris: irisSource,
  json: jsonSource,
  mnist: mnistSource,
  parity: paritySource,
  sine: sineSource,
  spirals: spiralsSource,
  xor: xorSource,
};

/** Loads `source <name>` with its arguments and options by name; relative paths resolve against `baseDir`. */
export function loadSource(name: string, config: Config, baseDir: string): DataSplits {
  const source = Object.hasOwn(sources, name) ? sources[name] : undefined;
  if (source === undefined) {
    const names = Object.keys(sources);
    throw new DataError(
      `unknown data source "${name}"${didYouMeanSuffix(name, names)}`,
      undefined,
      undefined,
      `sources: ${names.join(", ")}`,
    );
  }
  const splits = source.load(
    completeConfig(`source ${name}`, source, config, (message) => new DataError(message)),
    baseDir,
  );
  // Training on nothing would "succeed" with no steps at all.
  if (splits.train.count === 0)
    throw new DataError(`source ${name} gave no examples`, undefined, undefined, "check that the data file has rows");
  return splits;
}
