// Replay: the Personalize routes answer a call the recording holds with its recorded answer, after auth, faults
// and the rate limit like any answer. The lookup comes before the mock's own validation, so a recorded answer
// (a recorded 400 included) wins over it. A call the recording does not hold is answered from the fixtures, or
// with --replay-strict refused in the vendor's envelope, naming the closest recorded call.
import { validateHeaderName, validateHeaderValue } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { JournalRequest, RecordedResponse } from '../generated/types.js'
import { describeDifference } from '../record/near-miss.js'
import type { ReplayLookup, ReplayOutcome, ReplayStore } from '../record/replay-store.js'
import { VendorError } from './errors.js'
import type { MockState } from './state.js'

export interface ReplayOptions {
  store: ReplayStore
  /** Refuse (404) a call the recording does not hold, instead of answering it from the fixtures. */
  strict: boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers from a replayed recording when it holds the call (its validation errors are attached). */
    replayed?: boolean
  }
  interface FastifyRequest {
    /** What replay made of this request, for the request journal. */
    replay?: NonNullable<JournalRequest['replay']>
    /** What the recording holds for this request (looked up before validation; nothing used up yet). */
    replayLookup?: ReplayLookup
  }
}

/** Route options of a replayed route: validation errors wait until replay has had its say. */
export const REPLAYED_ROUTE = { attachValidation: true, config: { replayed: true } } as const

/** Differences named in a strict refusal; the journal keeps them all. */
const NAMED_DIFFERENCES = 3

/** Answer headers a recording may set (the ones an app acts on); anything else in a file is ignored. */
const SENT_HEADERS = ['content-type', 'retry-after'] as const

export const replay = fp(async function replay (fastify: FastifyInstance, opts: { state: MockState }) {
  const r = opts.state.replay
  if (r !== undefined) {
    fastify.addHook('preValidation', async (request) => {
      if (request.routeOptions.config.replayed !== true) return
      const appKey = request.headers['moe-appkey']
      request.replayLookup = r.store.lookup({
        // HEAD is a GET without its body: it matches the recorded GET.
        method: request.method === 'HEAD' ? 'GET' : request.method,
        url: request.url,
        workspace: typeof appKey === 'string' ? appKey : undefined,
        ...(request.body === undefined ? {} : { body: request.body })
      })
    })
  }
  // Before faults and the rate limit, like any refusal of the request itself: a call the recording does not hold is
  // refused with the near miss under --replay-strict, else it has its validation error, if any, as without replay.
  fastify.addHook('preHandler', async (request) => {
    const found = request.replayLookup
    if (r !== undefined && found !== undefined && !found.matched) {
      const miss = r.store.miss(found)
      request.replay = journalOf(miss)
      if (r.strict) throw new VendorError('REPLAY_UNMATCHED', unmatchedText(miss, r.store.source))
    }
    const error = request.validationError
    if (error !== undefined && error !== null && found?.matched !== true) throw error
  })
}, { name: 'replay', fastify: '5.x' })

/**
 * The recorded answer to this request, if the recording holds it: the next one is used up now, once faults and the
 * rate limit have let the request through. Unmatched: undefined (answer from the fixtures).
 */
export function recordedAnswer (request: FastifyRequest, replay: ReplayOptions | undefined): RecordedResponse | undefined {
  const found = request.replayLookup
  if (replay === undefined || found === undefined || !found.matched) return undefined
  const taken = replay.store.take(found)
  request.replay = journalOf(taken)
  return taken.interaction.response
}

/** Sends a recorded answer: its status, content type, retry-after and body (headers that are not valid are left out). */
export function sendRecorded (reply: FastifyReply, response: RecordedResponse): FastifyReply {
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
