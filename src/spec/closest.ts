// "Did you mean …?": the nearest candidate by edit distance, for misspelt enum values, property names and columns.

/** Levenshtein distance (insertions, deletions, substitutions), ignoring case. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The candidate nearest to `word`; with `maxDistance`, only if it is at most that far. Ties keep the first. */
export function closest(word: string, candidates: readonly string[], maxDistance = Infinity): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  // Long inputs (e.g. a pasted paragraph) cannot be a typo of a short name; skip the quadratic work.
  if (word.length > 200) return undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}

/** How far a misspelling may be from a name and still be called one: about a third of its length, at least 2. */
export function typoDistance(word: string): number {
  return Math.max(2, Math.floor(word.length / 3));
}
