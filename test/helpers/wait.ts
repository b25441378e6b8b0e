// Waiting for an event rather than for a length of time: a test that sleeps a fixed while, or asserts how long
// something took, passes on an idle machine and flakes on a loaded one. Neither helper has a time limit of its
// own: tap's per-file timeout ends a test whose event never comes.
import type { Readable } from 'node:stream'

/** Resolves once `check` holds; it is asked again every `everyMs` (a state that no event announces, e.g. a count behind an API). */
export async function until (check: () => boolean | Promise<boolean>, everyMs = 5): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs))
}

/** Resolves once `text()` (everything a stream gave so far) matches `pattern`, checked as each chunk arrives. */
export function said (stream: Readable | null | undefined, text: () => string, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pattern.test(text())) return resolve()
    if (stream === null || stream === undefined) return reject(new Error('no stream to read'))
    const check = (): void => {
      if (!pattern.test(text())) return
      stream.off('data', check)
      resolve()
    }
    // Registered after the listener that collects `text`, so each chunk is in it when this runs.
    stream.on('data', check)
    stream.once('end', () => { if (!pattern.test(text())) reject(new Error(`the stream ended without ${String(pattern)}`)) })
  })
}
