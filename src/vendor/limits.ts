// The vendor's limits. The schemas define the ones a body shows (keys served, events elements, event_time); the rate
// limit is documented prose with no schema behind it, so this is its one place.
import { MAX_EVENT_TIME, MAX_EVENTS_ELEMENTS, MAX_SERVED_KEYS } from '../generated/vendor-formats.js'

export { MAX_EVENT_TIME, MAX_EVENTS_ELEMENTS, MAX_SERVED_KEYS }

/** Fetch requests per minute per workspace (the vendor's documented limit). */
export const VENDOR_RATE_LIMIT = 10_000
