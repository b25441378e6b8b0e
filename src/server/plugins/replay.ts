// Replay, the answer source of the Personalize routes when a recording is loaded (registered only then, between the
// body and validation stages; see src/server/pipeline.ts): a call the recording holds is answered with its recorded
// answer. A route declares that it may answer from a recording (config.replay), with what such an answer still does
// (journals). Three points of the pipeline, all here:
// - before validation, the call is looked up: one the recording does not hold is journaled as such and, under
//   --replay-strict, refused in the vendor's envelope, naming the closest recorded call;
// - a validation error of a call the recording holds is answered with the recorded answer (a recorded 400 included):
//   the recording wins over the mock's own validation;
// - the route's handler, after auth, faults and the rate limit like any answer: a call the recording holds gets its
//   recorded answer, any other the route's own.
import { validateHeaderName, validateHeaderValue } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import fp from 'fastify-plugin'
import type { JournalRequest, RecordedResponse } from '../../generated/types.js'
import { describeDifference } from '../../record/near-miss.js'
import type { ReplayLookup, ReplayOutcome } from '../../record/replay-store.js'
import { VendorError } from '../errors.js'
import type { ReplayOptions } from '../state.js'
import { InvalidFieldValue } from './body-validation.js'
import { routeStage, type StageHook } from './route-stage.js'

/** How a route answers from a recording: what a recorded answer still does before it is sent (journals, users). */
export interface RecordedAnswering {
  effects?: (request: FastifyRequest, answer: RecordedResponse) => void
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route may answer from a replayed recording (see plugins/replay.ts). */
    replay?: RecordedAnswering
  }
  interface FastifyRequest {
    /** What replay made of this request, for the request journal. */
    replay?: NonNullable<JournalRequest['replay']>
  }
}

/** Differences named in a strict refusal; the journal keeps them all. */
const NAMED_DIFFERENCES = 3

/** Answer headers a recording may set (the ones an app acts on); anything else in a file is ignored. */
const SENT_HEADERS = ['content-type', 'retry-after'] as const

export const replay = fp(async function replay (fastify: FastifyInstance, opts: ReplayOptions) {
  const { store, strict } = opts
  /** What the recording holds for each request it holds (looked up before validation; nothing used up yet). */
  const held = new WeakMap<FastifyRequest, Extract<ReplayLookup, { matched: true }>>()

  /** The next recorded answer to a held call, used up now; the journal names it. */
  function take (request: FastifyRequest, found: Extract<ReplayLookup, { matched: true }>): RecordedResponse {
    const taken = store.take(found)
    request.replay = journalOf(taken)
    return taken.interaction.response
  }

  const replayLookup: StageHook = function replayLookup (request, _reply, done) {
    const found = store.lookup({
      // HEAD is a GET without its body: it matches the recorded GET.
      method: request.method === 'HEAD' ? 'GET' : request.method,
      url: request.url,
      workspace: request.environment.appKey,
      ...(request.body === undefined ? {} : { body: request.body })
    })
    if (found.matched) {
      held.set(request, found)
      return done()
    }
    const miss = store.miss(found)
    request.replay = journalOf(miss)
    done(strict ? new VendorError('REPLAY_UNMATCHED', unmatchedText(miss, store.source)) : undefined)
  }
  routeStage(fastify, 'preValidation', (config) => config.replay === undefined ? undefined : replayLookup)

  // The recorded answer wins over the mock's validation, at the validation stage (before faults and the rate limit).
  fastify.setErrorHandler(async function recordedOverValidation (error: FastifyError, request, reply) {
    const found = held.get(request)
    if (!(error instanceof InvalidFieldValue) || found === undefined) throw error
    return sendRecorded(reply, take(request, found))
  })

  // The answer source, after faults and the rate limit: a held call is answered from the recording.
  fastify.addHook('onRoute', (route) => {
    const answering = route.config?.replay
    if (answering === undefined) return
    const own = route.handler as RouteHandlerMethod
    route.handler = async function recordedOrOwn (request, reply) {
      const found = held.get(request)
      if (found === undefined) return await own.call(this, request, reply)
      const answer = take(request, found)
      answering.effects?.(request, answer)
      return sendRecorded(reply, answer)
    }
  })
}, { name: 'replay', fastify: '5.x', dependencies: ['personalize-workspace', 'required-body'] })

/** Sends a recorded answer: its status, content type, retry-after and body (headers that are not valid are left out). */
function sendRecorded (reply: FastifyReply, response: RecordedResponse): FastifyReply {
  for (const name of SENT_HEADERS) {
    const value = response.headers?.[name]
    if (value !== undefined && validHeader(name, value)) reply.header(name, value)
  }
  if (!reply.hasHeader('content-type') && response.body !== undefined) reply.type('application/json; charset=utf-8')
  return reply.code(response.status).send(response.body !== undefined ? JSON.stringify(response.body) : (response.body_text ?? ''))
}

function validHeader (name: string, value: string): boolean {
  try {
    validateHeaderName(name)
    validateHeaderValue(name, value)
    return true
  } catch {
    return false
  }
}

function journalOf (o: ReplayOutcome): NonNullable<JournalRequest['replay']> {
  if (o.matched) return { outcome: 'matched', interaction: o.index }
  if (o.nearest === undefined) return { outcome: 'unmatched' }
  return { outcome: 'unmatched', nearest: o.nearest.index, differences: o.nearest.differences.map(describeDifference) }
}

function unmatchedText (o: Extract<ReplayOutcome, { matched: false }>, source: string): string {
  const { method, path, workspace } = o.request
  const head = `No recorded answer in ${source} matches ${method} ${path} (workspace ${workspace ?? 'none'}).`
  const near = o.nearest
  if (near === undefined) return `${head} The recording holds no call to ${path}.`
  const shown = near.differences.slice(0, NAMED_DIFFERENCES).map(describeDifference).join('; ')
  const more = near.differences.length > NAMED_DIFFERENCES ? `; and ${near.differences.length - NAMED_DIFFERENCES} more` : ''
  return `${head} Closest recorded call: interactions/${near.index}, which differs at ${shown}${more}.`
}
