// PUT /__admin/clock { now } | { advance_ms }, DELETE /__admin/clock (back to real time), GET /__admin/clock.
// Schedule windows and the default day and hour follow this clock.
import type { FastifyInstance } from 'fastify'
import { luxon } from '../../../fixtures/luxon.js'
import type { AdminClockRequest, AdminClockState } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import type { MockState } from '../../state.js'
import { adminBody } from './validation.js'

/** ECMAScript's date range. */
const MAX_DATE_MS = 8.64e15

/** Strict ISO 8601 with Z or an offset (luxon refuses 2030-02-30 rather than rolling it over); NaN otherwise. */
function parseInstant (text: string): number {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return Number.NaN
  const dt = luxon().DateTime.fromISO(text, { setZone: true })
  return dt.isValid ? dt.toMillis() : Number.NaN
}

export async function adminClockRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { clock } = opts.state
  const state = (): AdminClockState => ({ now: clock.read().toISOString(), clock: clock.mode })
  fastify.get<{ Reply: AdminClockState }>('/clock', async () => state())
  fastify.put<{ Body: AdminClockRequest, Reply: AdminClockState }>('/clock', adminBody('ClockRequest'), async (request) => {
    const { now, advance_ms: advance } = request.body
    // The new time is worked out first; an impossible one is refused and the clock is left as it was.
    const next = now !== undefined ? parseInstant(now) : clock.read().getTime() + (advance ?? 0)
    if (!Number.isFinite(next) || Math.abs(next) > MAX_DATE_MS) {
      throw new VendorError('ADMIN_INVALID', now !== undefined
        ? `now - "${now}" is not an ISO 8601 instant with Z or an offset (e.g. 2026-12-24T09:00:00Z)`
        : 'advance_ms - the clock would leave the range of dates')
    }
    clock.set(new Date(next))
    return state()
  })
  fastify.delete<{ Reply: AdminClockState }>('/clock', async () => {
    clock.release()
    return state()
  })
}
