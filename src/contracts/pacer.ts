// Keeps live runs under a request rate: each call waits until its slot (evenly spaced) has come.

export interface Pacing {
  /** How a call waits. Default: a timer. */
  sleep?: (ms: number) => Promise<void>
  /** The time in ms slots are counted in. Default: Date.now. */
  now?: () => number
}

const timer = async (ms: number): Promise<void> => await new Promise<void>((resolve) => setTimeout(resolve, ms))

export function pacedFetch (inner: typeof fetch, requestsPerMinute: number | undefined, { sleep = timer, now: clock = Date.now }: Pacing = {}): typeof fetch {
  if (requestsPerMinute === undefined) return inner
  const interval = 60_000 / requestsPerMinute
  let next = 0
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const now = clock()
    const slot = Math.max(now, next)
    next = slot + interval
    if (slot > now) await sleep(slot - now)
    return await inner(input, init)
  }) as typeof fetch
}
