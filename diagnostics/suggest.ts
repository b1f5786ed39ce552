// "Did you mean …?" — Elm-style: edit distance with a threshold, at most a few candidates.

/** Names longer than this get no edit-distance suggestions: no name of the language is near that long. */
export const MAX_SUGGEST_LENGTH = 64;

/**
 * Optimal-string-alignment distance: like Levenshtein, but a swap of neighbours (`modle`) costs 1.
 * With `max`, any distance above it comes back as `max + 1`, computed in a band of width
 * 2·max+1 around the diagonal, so comparing long strings costs O(length·max), not O(length²).
 */
export function editDistance(a: string, b: string, max = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const beyond = max + 1;
  // Three rows (the swap looks two rows back), each of b.length + 1 cells.
  let previous2 = new Uint32Array(b.length + 1);
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, j) => Math.min(j, beyond));
  let row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    row.fill(beyond);
    row[0] = Math.min(i, beyond);
    let best = row[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      row[j] = Math.min(value, beyond);
      best = Math.min(best, row[j]!);
    }
    if (best > max) return beyond;
    [previous2, previous, row] = [previous, row, previous2];
  }
  return Math.min(previous[b.length]!, beyond);
}

/** The closest candidates to `word`, nearest first; empty when none is close enough. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  return [...new Set(candidates)]
    .map((candidate) => ({
      candidate,
      distance: word.length > MAX_SUGGEST_LENGTH ? limit + 1 : editDistance(lower, candidate.toLowerCase(), limit),
    }))
    .filter(({ distance, candidate }) => distance <= limit || candidate.startsWith(word) || word.startsWith(candidate))
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

/** "did you mean `dense`?" or "did you mean `dense` or `dropout`?"; undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const found = closest(word, candidates);
  if (found.length === 0) return undefined;
  const quoted = found.map((c) => `\`${c}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return `did you mean ${list}?`;
}

/** ` (did you mean "x"?)` or "": the one-line form for data errors, ready to append to a message. */
export function didYouMeanSuffix(word: string, candidates: Iterable<string>): string {
  const [suggestion] = closest(word, candidates, 1);
  return suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
}
