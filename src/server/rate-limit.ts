// The vendor's documented limit (VENDOR_RATE_LIMIT, src/vendor/limits.ts) per workspace. Fixed one-minute windows
// per workspace and environment (keyed by the app key), on the process's monotonic time (not the admin clock, which tests may freeze).

export type RateDecision = { allowed: true } | { allowed: false, retryAfterSeconds: number }

export { VENDOR_RATE_LIMIT } from '../vendor/limits.js'
const WINDOW_MS = 60_000

export class RateLimiter {
  readonly #windows = new Map<string, { start: number, count: number }>()

  constructor (readonly perMinute: number, private readonly now: () => number = () => performance.now()) {}

  take (appKey: string): RateDecision {
    const now = this.now()
    let w = this.#windows.get(appKey)
    if (w === undefined || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 }
      this.#windows.set(appKey, w)
    }
    if (w.count >= this.perMinute) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)) }
    w.count++
    return { allowed: true }
  }

  reset (): void {
    this.#windows.clear()
  }
}
