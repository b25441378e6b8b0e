// Records every request to the Personalize routes (and /__mock) in the request journal once answered.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { RequestRecord } from '../journal/request-journal.js'
import type { MockState } from '../state.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received (cut at the journal's limit), set by the JSON body parser. */
    rawBodyText?: string
  }
}

const JOURNALED = /^\/(v1|__mock)\//

export const requestJournal = fp(async function requestJournal (fastify: FastifyInstance, opts: { state: MockState }) {
  fastify.addHook('onResponse', async (request, reply) => {
    if (!JOURNALED.test(request.url)) return
    opts.state.requests.record(journalEntry(request, reply.statusCode, reply.elapsedTime))
  })
}, { name: 'request-journal', fastify: '5.x' })

/** A journal record of a request; status 0 means the connection was dropped (a fault). */
export function journalEntry (request: FastifyRequest, status: number, durationMs = 0): RequestRecord {
  return {
    receivedAt: Date.now() - durationMs,
    method: request.method,
    path: request.url,
    headers: request.headers,
    status,
    durationMs,
    body: request.rawBodyText,
    fault: request.faultId,
    environment: request.environment?.name,
    replay: request.replay
  }
}
