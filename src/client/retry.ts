// When and how long to wait before retrying: exponential backoff with full jitter on 5xx, 429 and network
// errors. A Retry-After (on 429 or 503; seconds or an HTTP date) replaces the backoff; one longer than
// maxDelayMs is not waited for: the answer is returned instead.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number
  /** First backoff step in ms; step n waits up to baseDelayMs * 2^n. */
  baseDelayMs: number
  /** No single wait is longer than this. */
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 200, maxDelayMs: 10_000 }

export function isRetryableStatus (status: number): boolean {
  return status === 429 || status >= 500
}

/** Full jitter: a uniformly random wait in [0, min(max, base * 2^attempt)). `attempt` counts from 0. */
export function backoffDelay (policy: RetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.floor(random() * cap)
}

/** Retry-After in ms (delta-seconds or an HTTP date, RFC 9110 §10.2.3), or undefined when absent or unreadable. Never negative. */
export function retryAfterMs (header: string | null, now: number): number | undefined {
  if (header === null) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
