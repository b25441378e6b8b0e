// The page's one poll loop: a tick every second while the mock answers; when it does not, waits twice as long
// each time (up to a ceiling) and says so, then back to every second once it answers again. A tick can be asked
// for at once after an action; ticks never overlap.

export interface PollOptions {
  every: number
  /** The longest wait between two tries while the mock does not answer. */
  ceiling: number
  tick: () => Promise<void>
  /** The tick failed; the next try is in `retryInMs`. */
  down: (err: unknown, retryInMs: number) => void
  /** A tick worked after one or more failed. */
  up: () => void
  /** Schedules the next tick (setTimeout by default; a test passes its own to step through the waits). */
  schedule?: (run: () => void, ms: number) => () => void
}

const timeout = (run: () => void, ms: number): () => void => {
  const id = setTimeout(run, ms)
  return () => { clearTimeout(id) }
}

export interface Poller {
  /** A tick now (or right after the one running), instead of at the next beat. */
  now: () => Promise<void>
}

export function startPolling (o: PollOptions): Poller {
  const schedule = o.schedule ?? timeout
  let cancel = (): void => {}
  let running: Promise<void> | undefined
  /** Asked for while a tick ran: one more tick right after it, and who waits for that one. */
  let again: { done: Promise<void>, resolve: () => void } | undefined
  let failing = false
  let wait = o.every

  const run = (): Promise<void> => {
    cancel()
    running = o.tick().then(() => {
      if (failing) o.up()
      failing = false
      wait = o.every
    }, (err: unknown) => {
      // A beat, then twice as long each time: 1 s, 2 s, 4 s … up to the ceiling.
      wait = failing ? Math.min(o.ceiling, wait * 2) : o.every
      failing = true
      o.down(err, wait)
    }).finally(() => {
      running = undefined
      const waiting = again
      again = undefined
      if (waiting !== undefined) {
        void run().then(waiting.resolve)
      } else {
        cancel = schedule(() => { void run() }, wait)
      }
    })
    return running
  }

  void run()
  return {
    now: async () => {
      if (running === undefined) return run()
      if (again === undefined) {
        let resolve = (): void => {}
        const done = new Promise<void>((_resolve) => { resolve = _resolve })
        again = { done, resolve }
      }
      return again.done
    }
  }
}
