// Records every request to the Personalize routes (and /__mock) in the request journal once answered.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { JournalRequest } from '../../generated/types.js'
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

/** A journal entry for a request; status 0 means the connection was dropped (a fault). */
export function journalEntry (request: FastifyRequest, status: number, durationMs = 0): Omit<JournalRequest, 'seq'> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    headers[name] = name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value
  }
  const appKey = request.headers['moe-appkey']
  return {
    received_at: new Date().toISOString(),
    method: request.method,
    path: request.url,
    workspace: typeof appKey === 'string' ? appKey : null,
    status,
    duration_ms: Math.round(durationMs * 100) / 100,
    headers,
    body: request.rawBodyText ?? null,
    ...(request.faultId === undefined ? {} : { fault: request.faultId })
  }
}
