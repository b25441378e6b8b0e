// Replay: the Personalize routes answer a call the recording holds with its recorded answer (after auth, faults
// and the rate limit, like any answer). A call it does not hold is answered from the fixtures, or with
// --replay-strict refused in the vendor's envelope, naming the closest recorded call.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JournalRequest, RecordedResponse } from '../generated/types.js'
import { describeDifference } from '../record/near-miss.js'
import type { ReplayOutcome, ReplayStore } from '../record/replay-store.js'
import { VendorError } from './errors.js'

export interface ReplayOptions {
  store: ReplayStore
  /** Refuse (404) a call the recording does not hold, instead of answering it from the fixtures. */
  strict: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What replay made of this request, for the request journal. */
    replay?: NonNullable<JournalRequest['replay']>
  }
}

/** Differences named in a strict refusal; the journal keeps them all. */
const NAMED_DIFFERENCES = 3

/**
 * The recorded answer to this request, if the recording holds it. Unmatched: undefined (answer from the fixtures),
 * or with `strict` a VendorError naming the nearest recorded call.
 */
export function recordedAnswer (request: FastifyRequest, replay: ReplayOptions | undefined): RecordedResponse | undefined {
  if (replay === undefined) return undefined
  const appKey = request.headers['moe-appkey']
  const outcome = replay.store.answer({
    method: request.method,
    url: request.url,
    workspace: typeof appKey === 'string' ? appKey : undefined,
    ...(request.body === undefined ? {} : { body: request.body })
  })
  request.replay = journalOf(outcome)
  if (outcome.matched) return outcome.interaction.response
  if (replay.strict) throw new VendorError('REPLAY_UNMATCHED', unmatchedText(outcome, replay.store.source))
  return undefined
}

/** Sends a recorded answer as it was: status, content type, retry-after and body. */
export function sendRecorded (reply: FastifyReply, response: RecordedResponse): FastifyReply {
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value)
  if (response.headers?.['content-type'] === undefined && response.body !== undefined) reply.type('application/json; charset=utf-8')
  return reply.code(response.status).send(response.body !== undefined ? JSON.stringify(response.body) : (response.body_text ?? ''))
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
