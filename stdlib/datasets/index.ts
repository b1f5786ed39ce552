// The data sources a `source <name> …` line can name.

import { DataError } from "./data-error.ts";
import type { DataSplits } from "./dataset.ts";
import { didYouMean } from "./did-you-mean.ts";
import type { DataSource, SourceValue } from "./source.ts";
import { csvSource } from "./sources/csv.ts";
import { idxSource } from "./sources/idx.ts";
import { irisSource } from "./sources/iris.ts";
import { jsonSource } from "./sources/json.ts";
import { mnistSource } from "./sources/mnist.ts";
import { paritySource } from "./sources/parity.ts";
import { sineSource } from "./sources/sine.ts";
import { spiralsSource } from "./sources/spirals.ts";
import { xorSource } from "./sources/xor.ts";

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

/** Loads `source <name> args… options…`; relative paths resolve against `baseDir`. */
export function loadSource(
  name: string,
  args: SourceValue[],
  options: Record<string, SourceValue>,
  baseDir: string,
): DataSplits {
  const source = Object.hasOwn(sources, name) ? sources[name] : undefined;
  if (source === undefined) {
    const names = Object.keys(sources);
    throw new DataError(
      `unknown data source "${name}"${didYouMean(name, names)}`,
      undefined,
      undefined,
      `sources: ${names.join(", ")}`,
    );
  }
  return source.load(args, options, baseDir);
}
