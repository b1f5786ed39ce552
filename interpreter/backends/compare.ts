// How far one backend's values are from another's. The relative difference is taken against
// max(|reference|, 1), so values near zero are compared absolutely instead of blowing up.

export interface Difference {
  maxAbs: number;
  maxRel: number;
}

export function compareValues(actual: ArrayLike<number>, reference: ArrayLike<number>): Difference {
  if (actual.length !== reference.length) throw new Error(`compareValues: ${actual.length} values vs ${reference.length}`);
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i]! - reference[i]!);
    // NaN on either side must show up as a failure, not vanish in Math.max.
    const abs = Number.isNaN(diff) ? Infinity : diff;
    maxAbs = Math.max(maxAbs, abs);
    maxRel = Math.max(maxRel, abs / Math.max(Math.abs(reference[i]!), 1));
  }
  return { maxAbs, maxRel };
}
