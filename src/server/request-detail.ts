// One journaled request as it was when answered (GET /__admin/requests/:seq): the journal entry, the answer sent,
// the fault that hit it, and for a fetch its decision, explained now from the fixture set, clock instant and user
// it was decided with (or, asked against=current, from today's). Nothing here runs per request: all of it is worked
// out when someone asks.
import { environmentOf } from '../fixtures/app-key.js'
import type {
  AdminRequestDetail, EventsRequest, FaultHit, FetchRequest, RequestAction, RequestDecision, RequestElement
} from '../generated/types.js'
import { explainFetch } from '../targeting/explain.js'
import { pinnedScope } from '../targeting/identity.js'
import { explainNow } from './explain-now.js'
import { faultHit } from './faults.js'
import { answerText, toJournal, type JournaledEvents, type JournaledRequest } from './journal/request-journal.js'
import type { MockState } from './state.js'
import { describeFetchViolation } from './vendor-wording.js'
import { tryParseJson } from '../validation/json.js'

export type Against = RequestDecision['against']

export function requestDetail (e: JournaledRequest, state: MockState, mask: (text: string) => string, against: Against): AdminRequestDetail {
  const { fault: _faultId, ...entry } = toJournal(e, mask)
  const fault = e.fault === undefined ? null : faultHit(e.fault)
  // The journal keeps the body's text, not its parsed objects: parsed again here, when someone asks.
  const parsed = e.body === undefined ? undefined : tryParseJson(e.body)
  const answer = answerText(e)
  return {
    ...entry,
    answered_by: answeredBy(e, fault),
    response: {
      status: e.status,
      body: answerBody(answer.text === undefined ? undefined : mask(answer.text), answer.cut),
      ...(answer.cut ? { truncated: true as const } : {})
    },
    fault,
    ...(entry.route === 'fetch' ? { decision: against === 'current' ? decisionNow(e, parsed, state) : decisionThen(e, parsed, state, fault) } : {}),
    ...(e.events === undefined ? {} : { elements: elementsOf(parsed as EventsRequest, e.events) })
  }
}

function answeredBy (e: JournaledRequest, fault: FaultHit | null): AdminRequestDetail['answered_by'] {
  if (fault?.replaces_answer === true) return 'fault'
  if (e.replay?.outcome === 'matched') return 'recording'
  return e.status >= 200 && e.status < 300 ? 'engine' : 'pipeline'
}

/** The answer parsed when it is (whole) JSON, else its text; null when none was sent. */
function answerBody (text: string | undefined, cut: boolean): AdminRequestDetail['response']['body'] {
  if (text === undefined || text === '') return null
  if (cut) return text
  try {
    return JSON.parse(text) as AdminRequestDetail['response']['body']
  } catch {
    return text
  }
}

/** The decision as it was made: the fixture set, clock instant and user of that moment. */
function decisionThen (e: JournaledRequest, parsed: unknown, state: MockState, fault: FaultHit | null): RequestDecision | null {
  const { decision, fixtures, workspace } = e
  if (decision === undefined || fixtures === undefined || workspace === undefined || parsed === undefined) return null
  const explain = explainFetch(workspace, parsed as FetchRequest, decision.at, fixtures.bucketingVersion, pinnedScope(decision.scope, decision.visitor))
  if (fault !== null) explain.fault = fault
  return {
    against: 'request',
    fixtures: { generation: state.fixtures.generationOf(fixtures), current: state.fixtures.current === fixtures },
    clock: decision.at.toISOString(),
    explain
  }
}

/** The same body decided now: today's fixtures, clock, users and faults. */
function decisionNow (e: JournaledRequest, parsed: unknown, state: MockState): RequestDecision {
  const fixtures = state.fixtures.current
  const base = {
    against: 'current' as const,
    fixtures: { generation: state.fixtures.generationOf(fixtures), current: true },
    clock: state.clock.read().toISOString()
  }
  const appKey = e.headers['moe-appkey']
  const reached = typeof appKey === 'string' ? environmentOf(fixtures, appKey) : undefined
  if (reached === undefined) return { ...base, explain: null, note: `MOE-APPKEY ${JSON.stringify(appKey ?? null)} reaches no workspace of today's fixtures` }
  const [ws, env] = reached
  if (parsed === undefined) return { ...base, explain: null, note: 'the request had no JSON body the journal keeps whole' }
  const violation = ws.rules.fetch(parsed)
  if (violation !== undefined) return { ...base, explain: null, note: `today's workspace ${ws.id} refuses the body: ${describeFetchViolation(violation)}` }
  return { ...base, explain: explainNow(state, ws, env, parsed as FetchRequest, fixtures.bucketingVersion) }
}

/** Each element of an events call, each action with the check the event journal made of it. */
function elementsOf (body: EventsRequest, journaled: JournaledEvents): RequestElement[] {
  const { events, seqBefore } = journaled
  const seen = new Set<unknown>()
  let index = 0
  return body.elements.map((element) => ({
    customer_id: element.customer_id,
    actions: element.actions.map((action): RequestAction => {
      const entry = events[index++]
      if (entry === undefined) throw new Error('an events call journaled fewer actions than it holds')
      const earlierInThisCall = seen.has(entry)
      seen.add(entry)
      const { cid, moe_variation_id: variation, audience_id: audience } = action.attributes
      return {
        seq: entry.seq,
        action: action.action,
        moe_event_uuid: action.moe_event_uuid,
        experience_key: entry.experience_key,
        // Stored earlier (another call), or earlier in this one.
        duplicate: entry.seq <= seqBefore || earlierInThisCall,
        context_check: entry.context_check,
        reported: { cid, moe_variation_id: variation, audience_id: audience },
        ...(entry.served === undefined ? {} : { served: entry.served })
      }
    })
  }))
}
