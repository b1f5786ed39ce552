// A `layer …` line of dl source from a kind, its positional arguments and its options, the
// options left out where they equal dl's default (so imported programs read as written by hand).
import { layers } from "../../../stdlib/layers/index.ts";

export type LineValue = number | boolean | string | readonly number[];

function written(value: LineValue): string {
  if (Array.isArray(value)) return value.every((v) => v === value[0]) ? String(value[0]) : `[${value.join(", ")}]`;
  return String(value);
}

function sameValue(a: unknown, b: LineValue): boolean {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  return JSON.stringify(list(a)) === JSON.stringify(Array.isArray(b) && b.every((v) => v === b[0]) ? [b[0]] : list(b));
}

export function dlLine(kind: string, args: readonly LineValue[], options: Readonly<Record<string, LineValue | undefined>> = {}): string {
  const spec = layers.get(kind)!;
  const named = Object.entries(options).flatMap(([name, value]) => {
    if (value == null) return [];
    const option = spec.options.find((o) => o.name === name);
    return option && option.default != null && sameValue(option.default, value) ? [] : [`${name}=${written(value)}`];
  });
  return [kind, ...args.map(written), ...named].join(" ");
}
