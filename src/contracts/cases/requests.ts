// Request builders shared by the cases.
import type { RawRequest } from '../../client/transport.js'

export const FETCH = '/experiences/fetch'
export const METADATA = '/experiences/metadata'
export const EVENTS = '/experiences/events'

export function postJson (path: string, body: unknown, headers: RawRequest['headers'] = {}): RawRequest {
  return { method: 'POST', path, body: JSON.stringify(body), headers }
}

/** A customer id that no real workspace holds (fetching with it creates nothing). */
export const STRANGER = 'contract-suite-visitor-7f3a'
