// Records every request to the Personalize routes (and /__mock) in the request journal once answered, with the
// answer as sent and what the answer was made from (references only: see journal/request-journal.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { cutAnswer, type DecisionInputs, type JournaledEvents, type RequestRecord } from '../journal/request-journal.js'
import type { FetchAnswer } from '../../targeting/evaluate.js'
import type { MockState } from '../state.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received (cut at the journal's limit), set by the JSON body parser. */
    rawBodyText?: string
    /** The answer's body as sent (onSend). */
    sentBody: unknown
    /** A fetch the engine answered: the answer, and the text written from it and handed to send(). */
    engineAnswer: FetchAnswer | undefined
    engineAnswerText: string | undefined
    /** Set by the fetch route (or a fault that answered a fetch): what the decision was made with. */
    decision: DecisionInputs | undefined
    /** Set by the events route: where each action went in the event journal. */
    journaledEvents: JournaledEvents | undefined
  }
}

const JOURNALED = /^\/(v1|__mock)\//

export const requestJournal = fp(async function requestJournal (fastify: FastifyInstance, opts: { state: MockState }) {
  fastify.decorateRequest('sentBody', undefined)
  fastify.decorateRequest('engineAnswer', undefined)
  fastify.decorateRequest('engineAnswerText', undefined)
  fastify.decorateRequest('decision', undefined)
  fastify.decorateRequest('journaledEvents', undefined)
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    request.sentBody = payload
    done(null, payload)
  })
  // A callback hook, not an async one: no promise and no microtask per request.
  fastify.addHook('onResponse', (request, reply, done) => {
    if (JOURNALED.test(request.url)) opts.state.requests.record(journalEntry(request, reply.statusCode, reply.elapsedTime))
    done()
  })
}, { name: 'request-journal', fastify: '5.x' })

/** A journal record of a request; status 0 means the connection was dropped (a fault). */
export function journalEntry (request: FastifyRequest, status: number, durationMs = 0): RequestRecord {
  const sent = request.sentBody
  // What the engine answered went out as written: the journal keeps the answer's lists instead of the text.
  if (sent !== undefined && sent === request.engineAnswerText) return entryOf(request, status, durationMs, request.engineAnswer, false)
  const answer = typeof sent === 'string' ? sent : Buffer.isBuffer(sent) ? sent.toString('utf8') : undefined
  if (answer === undefined) return entryOf(request, status, durationMs, undefined, false)
  const { text, cut } = cutAnswer(answer)
  return entryOf(request, status, durationMs, text, cut)
}

function entryOf (request: FastifyRequest, status: number, durationMs: number, answer: RequestRecord['answer'], answerCut: boolean): RequestRecord {
  return {
    receivedAt: Date.now() - durationMs,
    method: request.method,
    path: request.url,
    headers: request.headers,
    status,
    durationMs,
    body: request.rawBodyText,
    answer,
    answerCut,
    fault: request.fault,
    // Absent outside the Personalize routes (null there until the workspace stage sets them).
    fixtures: request.fixtures ?? undefined,
    workspace: request.workspace ?? undefined,
    environment: request.environment ?? undefined,
    decision: request.decision,
    events: request.journaledEvents,
    replay: request.replay
  }
}
