// "Did you mean …?" — Elm-style: edit distance with a threshold, at most a few candidates.

/** Optimal-string-alignment distance: like Levenshtein, but a swap of neighbours (`modle`) costs 1. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidates to `word`, nearest first; empty when none is close enough. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.floor(word.length / 3));
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
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
