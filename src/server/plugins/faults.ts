// Injected faults (admin API), applied after auth and validation, before the answer is computed:
// a delay, then an error in the vendor's envelope (or the body given), or a dropped connection.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { errorForStatus } from '../errors.js'
import { replacesAnswer, type FaultRoute } from '../faults.js'
import type { AdminFault, FetchRequest } from '../../generated/types.js'
import { decisionInputsNow } from '../decision-inputs.js'
import type { IdSource } from '../ids.js'
import type { MockState } from '../state.js'
import { journalEntry } from './request-journal.js'
import { routeStage } from './route-stage.js'
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
  routeStage(fastify, 'preHandler', ({ route }) => route === undefined
    ? undefined
    : function injectedFault (request, reply, done) {
      const fault = opts.state.faults.take(route, request.environment)
      if (fault === undefined) return done()
      // A fault that answers sends the reply itself, and the hooks after it never run.
      apply(request, reply, route, fault).then((answered) => { if (!answered) done() }, done)
    })

  /** Applies a fault; true when it answered the request (or dropped its connection). */
  async function apply (request: FastifyRequest, reply: FastifyReply, route: FaultRoute, fault: AdminFault): Promise<boolean> {
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
      reply.hijack()
      return true
    }
    if (rule.status === undefined) return false
    // A 429 says when to come back, as the mock's own rate limit does.
    if (rule.status === 429) reply.header('retry-after', '1')
    if (rule.body !== undefined) reply.code(rule.status).type('application/json').send(JSON.stringify(rule.body))
    else sendVendorError(reply, errorForStatus(rule.status), opts.ids)
    return true
  }
}, { name: 'faults', fastify: '5.x' })
