// Load for tests that change a running server (reload): workers fetching one URL back to back
// until stopped, or until the port is closed, recording every outcome.

export interface Outcome {
  /** The HTTP status, or the error code when no answer came (ECONNREFUSED, ECONNRESET, …). */
  status: number | string
  /** The parsed JSON answer; undefined when there was none or it was not JSON. */
  body: unknown
}

export interface Load {
  readonly outcomes: Outcome[]
  /** Stops sending and resolves once every worker has its last answer. */
  stop: () => Promise<void>
}

export function keepFetching (url: string, init: RequestInit, workers = 1): Load {
  const outcomes: Outcome[] = []
  const stopped = new AbortController()
  const all = Array.from({ length: workers }, async () => {
    while (!stopped.signal.aborted) {
      try {
        const res = await fetch(url, init)
        const text = await res.text()
        outcomes.push({ status: res.status, body: parse(text) })
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code ?? String(err)
        outcomes.push({ status: code, body: undefined })
        if (code === 'ECONNREFUSED') return
      }
    }
  })
  return { outcomes, stop: async () => { stopped.abort(); await Promise.all(all) } }
}

function parse (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
