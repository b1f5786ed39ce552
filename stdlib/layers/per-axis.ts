// A layer argument given once for every spatial axis or as one value per axis.
/** Expands `kernel=3` to [3, 3] for a 2-D layer; lists pass through. */
export function perAxis(value: unknown, axes: number): number[] {
  return Array.isArray(value) ? (value as number[]) : Array.from({ length: axes }, () => value as number);
}
