// "did you mean --port?": the candidate nearest to a mistyped word, when one is near enough.

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
export function editDistance (a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i === 0 ? j : j === 0 ? i : 0))
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[]
    const above = d[i - 1] as number[]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2]?.[j - 2] as number) + 1)
      row[j] = best
    }
  }
  return d[a.length]?.[b.length] as number
}

/**
 * The candidate nearest to `given`: within one edit for short words, two for longer ones; else the one candidate
 * `given` begins (`--out` for `--output`). undefined when none is near.
 */
export function closest (given: string, candidates: readonly string[]): string | undefined {
  const bare = given.replace(/^-+/, '')
  let best: string | undefined
  let bestDistance = bare.length <= 4 ? 1 : 2
  for (const c of candidates) {
    const distance = editDistance(bare, c.replace(/^-+/, ''))
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = c
      bestDistance = distance
    }
  }
  if (best !== undefined) return best
  const begun = bare.length >= 3 ? candidates.filter((c) => c.replace(/^-+/, '').startsWith(bare)) : []
  return begun.length === 1 ? begun[0] : undefined
}

/** "; did you mean X?" or nothing. */
export function didYouMean (given: string, candidates: readonly string[]): string {
  const near = closest(given, candidates)
  return near === undefined ? '' : `; did you mean ${near}?`
}
