// PUT /__admin/clock { now } | { advance_ms }, DELETE /__admin/clock (back to real time), GET /__admin/clock.
// Schedule windows and the default day and hour follow this clock.
import type { FastifyInstance } from 'fastify'
import type { AdminClockRequest, AdminClockState } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import type { MockState } from '../../state.js'
import { adminBody } from './validation.js'

export async function adminClockRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { clock } = opts.state
  const state = (): AdminClockState => ({ now: clock.read().toISOString(), clock: clock.mode })
  fastify.get<{ Reply: AdminClockState }>('/clock', async () => state())
  fastify.put<{ Body: AdminClockRequest, Reply: AdminClockState }>('/clock', adminBody('ClockRequest'), async (request) => {
    const { now, advance_ms: advance } = request.body
    if (now !== undefined) {
      // An instant needs its offset: a bare local time would depend on the machine's zone.
      const at = /(Z|[+-]\d{2}:?\d{2})$/i.test(now) ? new Date(now) : new Date(Number.NaN)
      if (Number.isNaN(at.getTime())) throw new VendorError('ADMIN_INVALID', `now - "${now}" is not an ISO 8601 instant with Z or an offset`)
      clock.set(at)
    } else if (advance !== undefined) {
      clock.advance(advance)
    }
    return state()
  })
  fastify.delete<{ Reply: AdminClockState }>('/clock', async () => {
    clock.release()
    return state()
  })
}
