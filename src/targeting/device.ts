// USER_AGENT -> device type, by bowser's platform detection (no hand-written user-agent patterns).
import Bowser from 'bowser'
import type { DeviceType } from '../fixtures/conditions/input.js'

const KNOWN: ReadonlySet<string> = new Set(['mobile', 'tablet', 'desktop', 'tv'])

/** undefined when the user agent names no platform bowser knows (curl, most bots). */
export function deviceTypeOf (userAgent: string): DeviceType | undefined {
  const type = Bowser.parse(userAgent).platform.type
  return type !== undefined && KNOWN.has(type) ? type as DeviceType : undefined
}
