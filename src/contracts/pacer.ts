// Keeps live runs under a request rate: each call waits until its slot (evenly spaced) has come.

export function pacedFetch (inner: typeof fetch, requestsPerMinute: number | undefined, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): typeof fetch {
  if (requestsPerMinute === undefined) return inner
  const interval = 60_000 / requestsPerMinute
  let next = 0
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const now = Date.now()
    const slot = Math.max(now, next)
    next = slot + interval
    if (slot > now) await sleep(slot - now)
    return await inner(input, init)
  }) as typeof fetch
}
