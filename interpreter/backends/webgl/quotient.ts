// Integer division inside shaders. Indices are whole numbers held in float32 (exact below
// 2^24), but GPU division may be off by an ulp or two, so floor(i / n) alone can land one
// below or above. The estimate is corrected with exact products. Every program may call it:
// the program cache hands it to gpu.js along with each program's own helpers.

/** floor(i / n) for whole numbers i and n > 0 of magnitude below 2^24. */
export function quotient(i: number, n: number): number {
  let q = Math.floor((i + 0.5) / n);
  if (q * n > i) q = q - 1;
  if ((q + 1) * n <= i) q = q + 1;
  return q;
}
