// When and how long to wait before retrying: exponential backoff with full jitter on 5xx, 429 and network
// errors; a 429's Retry-After (seconds or an HTTP date) wins when it says more.

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

/** Retry-After in ms, or undefined when absent or unreadable. Never negative; capped by maxDelayMs. */
export function retryAfterMs (header: string | null, now: number, maxDelayMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const seconds = Number(header)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(0, ms), maxDelayMs)
}
