// USER_AGENT -> device type, by bowser's platform detection (no hand-written user-agent patterns).
// Parsing costs ~15 µs; a small bounded memo makes repeat visitors (the common case in tests and
// load runs) nearly free. The memo only caches a pure function, so it cannot change an answer.
import { createRequire } from 'node:module'
import type Bowser from 'bowser'
import type { DeviceType } from '../fixtures/conditions/input.js'

/** bowser is loaded on the first user agent read, not at start (most requests of many fixtures never read one). */
const require = createRequire(import.meta.url)
let parser: typeof Bowser | undefined

const KNOWN: ReadonlySet<string> = new Set(['mobile', 'tablet', 'desktop', 'tv'])
const MEMO_LIMIT = 1024
/** Longer user agents are parsed every time, so the memo stays small (the body limit allows 1 MiB strings). */
const MEMO_MAX_LENGTH = 512
const memo = new Map<string, DeviceType | undefined>()

/** undefined when the user agent names no platform bowser knows (curl, most bots). */
export function deviceTypeOf (userAgent: string): DeviceType | undefined {
  if (memo.has(userAgent)) return memo.get(userAgent)
  parser ??= require('bowser') as typeof Bowser
  const type = parser.parse(userAgent).platform.type
  const device = type !== undefined && KNOWN.has(type) ? type as DeviceType : undefined
  if (userAgent.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(userAgent, device)
  }
  return device
}
