// What a data source is: a loader plus a description of its arguments that the checker can
// validate against before anything is read.

import { DataError } from "./data-error.ts";
import type { DataSplits } from "./dataset.ts";
import { didYouMean } from "./did-you-mean.ts";

export type SourceValue = string | number | boolean;

export interface ParamSpec {
  name: string;
  type: "string" | "number" | "boolean";
  /** Used when the parameter is not given; absent means optional without a default. */
  default?: SourceValue;
  required?: boolean;
  doc: string;
}

export interface SourceDescription {
  summary: string;
  /** Positional arguments, in order (e.g. the path of `source csv "iris.csv"`). */
  args: ParamSpec[];
  /** key=value options. */
  options: ParamSpec[];
  /** The shape of one example and the number of classes, when known before loading (built-in sets). */
  features?: number[];
  classes?: number;
}

export interface DataSource {
  description: SourceDescription;
  /** `baseDir` is the directory of the .dl file; relative paths resolve against it. */
  load(args: SourceValue[], options: Record<string, SourceValue>, baseDir: string): DataSplits;
}

/** Validated parameters of one `source` line, with defaults filled in. */
export class Params {
  constructor(
    private readonly source: string,
    private readonly values: ReadonlyMap<string, SourceValue>,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string {
    return this.optionalString(name) ?? this.missing(name);
  }

  optionalString(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : String(value);
  }

  number(name: string): number {
    const value = this.values.get(name);
    return typeof value === "number" ? value : this.missing(name);
  }

  boolean(name: string): boolean {
    const value = this.values.get(name);
    return typeof value === "boolean" ? value : this.missing(name);
  }

  private missing(name: string): never {
    throw new DataError(`source ${this.source}: missing ${name}`);
  }
}

/** Checks args/options against the description: arity, known names, types; fills defaults. */
export function resolveParams(
  source: string,
  description: SourceDescription,
  args: readonly SourceValue[],
  options: Readonly<Record<string, SourceValue>>,
): Params {
  if (args.length > description.args.length) {
    throw new DataError(
      `source ${source} takes ${description.args.length} positional argument(s), got ${args.length}`,
    );
  }
  const values = new Map<string, SourceValue>();
  description.args.forEach((spec, i) => {
    const given = args[i];
    if (given !== undefined) values.set(spec.name, coerce(source, spec, given));
  });
  const known = description.options.map((spec) => spec.name);
  for (const [name, given] of Object.entries(options)) {
    const spec = description.options.find((option) => option.name === name);
    if (spec === undefined) {
      throw new DataError(`source ${source}: unknown option "${name}"${didYouMean(name, known)}`);
    }
    values.set(name, coerce(source, spec, given));
  }
  for (const spec of [...description.args, ...description.options]) {
    if (values.has(spec.name)) continue;
    if (spec.default !== undefined) values.set(spec.name, spec.default);
    else if (spec.required === true) throw new DataError(`source ${source}: missing ${spec.name}`);
  }
  return new Params(source, values);
}

/** The parser may hand over `true` or `3` as text; accept those spellings too. */
function coerce(source: string, spec: ParamSpec, value: SourceValue): SourceValue {
  if (spec.type === "string") return String(value);
  if (spec.type === "number") {
    const number =
      typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
    if (typeof value === "string" && value.trim() === "") return bad(source, spec, value);
    return Number.isFinite(number) ? number : bad(source, spec, value);
  }
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return bad(source, spec, value);
}

function bad(source: string, spec: ParamSpec, value: SourceValue): never {
  throw new DataError(
    `source ${source}: ${spec.name} must be a ${spec.type}, got ${JSON.stringify(value)}`,
  );
}
