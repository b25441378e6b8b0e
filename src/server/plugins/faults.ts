// Injected faults (admin API), applied after auth and validation, before the answer is computed:
// a delay, then an error in the vendor's envelope (or the body given), or a dropped connection.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { errorForStatus } from '../errors.js'
import { replacesAnswer, type FaultRoute } from '../faults.js'
import type { AdminFault, FetchRequest } from '../../generated/types.js'
import { decisionInputsNow } from '../decision-inputs.js'
import type { IdSource } from '../ids.js'
import type { MockState } from '../state.js'
import { journalEntry } from './request-journal.js'
import { sendVendorError } from './vendor-errors.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which Personalize route this is, for faults and the rate limit. */
    route?: FaultRoute
    rateLimited?: boolean
  }
  interface FastifyRequest {
    /** The fault applied to this request, as it was then (for the request journal). */
    fault: AdminFault | undefined
  }
}

export const faults = fp(async function faults (fastify: FastifyInstance, opts: { state: MockState, ids: IdSource, closing: AbortSignal }) {
  fastify.decorateRequest('fault', undefined)
  fastify.addHook('preHandler', async function injectedFault (request, reply) {
    const route = request.routeOptions.config.route
    if (route === undefined) return
    const fault = opts.state.faults.take(route, request.environment)
    if (fault === undefined) return
    request.fault = fault
    const { rule } = fault
    // A fetch the fault answers instead of the engine: what the engine would have decided it with, for the journal.
    if (route === 'fetch' && replacesAnswer(rule)) {
      request.decision = decisionInputsNow(opts.state, request.environment, request.body as FetchRequest)
    }
    // An injected delay ends early when the server starts closing, so a close never waits for one.
    if (rule.delay_ms !== undefined) await sleep(rule.delay_ms, undefined, { signal: opts.closing }).catch(() => {})
    if (rule.reset_connection === true) {
      opts.state.requests.record(journalEntry(request, 0, reply.elapsedTime))
      request.raw.socket.destroy()
      return reply.hijack()
    }
    if (rule.status === undefined) return
    // A 429 says when to come back, as the mock's own rate limit does.
    if (rule.status === 429) reply.header('retry-after', '1')
    if (rule.body !== undefined) return reply.code(rule.status).type('application/json').send(JSON.stringify(rule.body))
    return sendVendorError(reply, errorForStatus(rule.status), opts.ids)
  })
}, { name: 'faults', fastify: '5.x' })
