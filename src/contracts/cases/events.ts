// POST /experiences/events: acknowledgement, dedupe, and validation. Every case here writes: against a
// real workspace they run only with --allow-writes.
import { buildEvent, SHOWN } from '../../client/events.js'
import type { BehaviourSwitches } from '../../fixtures/behaviour.js'
import type { EventAction, EventElement, EventsResponse, ExperienceContext, FetchResponse } from '../../generated/types.js'
import type { CaseContext, Checker, ContractCase } from '../case.js'
import type { RawResponse } from '../../client/transport.js'
import { EIGHT_LETTERS, elementError, VENDOR } from '../vendor-text.js'
import { EVENTS, FETCH, postJson, STRANGER } from './requests.js'
import { buildCid } from '../../vendor/cid.js'

const CUSTOMER = `${STRANGER}-events`
/** A context shaped like the vendor's, for events that must be refused before their context matters. */
const SAMPLE_CONTEXT: ExperienceContext = {
  cid: buildCid('66d55ae445921e4d35ae4368', '2', '5A'),
  experience: 'Contract suite',
  moe_locale_id: '0',
  moe_variation_id: '2',
  audience_name: 'All Users',
  audience_id: '5A',
  type: 'Web Personalization'
}

function acknowledged (check: Checker, res: RawResponse, label: string): void {
  if (!check.status(res, 200, label) || !check.schema(res, 'events-response.schema.json', label)) return
  const ack = res.json as EventsResponse
  check.equal(ack.status, 'success', `${label}: status`)
  check.equal(ack.message, VENDOR.EVENTS_ACCEPTED, `${label}: message`)
  check.ok(EIGHT_LETTERS.test(ack.req_id), `${label}: req_id ${JSON.stringify(ack.req_id)} is not 8 letters`)
}

/** The context of the active key as served to the suite's customer. */
async function servedContext ({ profile, send, check }: CaseContext): Promise<ExperienceContext | undefined> {
  const key = profile.active_all_users_key as string
  const res = await send('fetch the active key', postJson(FETCH, { identifiers: { customer_id: CUSTOMER }, experience_key: [key] }))
  const context = (res.json as FetchResponse | undefined)?.experiences?.[key]?.experience_context
  check.ok(context !== undefined, `fetch: "${key}" was not served, so there is no context to report`)
  return context
}

/** Sends an impression of the suite's customer, as `change` leaves it (the context need not be one served). */
async function sendChanged (send: CaseContext['send'], label: string, change: (e: EventElement) => unknown): Promise<RawResponse> {
  const element = buildEvent({ customerId: CUSTOMER, context: SAMPLE_CONTEXT, action: SHOWN })
  return await send(label, postJson(EVENTS, { elements: [change(element)] }))
}

function refusedEvent (id: string, title: string, change: (e: EventElement) => unknown, description: string): ContractCase {
  return {
    id,
    title,
    needs: [],
    writes: true,
    async run ({ send, check }) {
      const res = await sendChanged(send, title, change)
      check.envelope(res, 'events', { status: 400, title: 'Invalid Field Value', description, code: 'required' })
    }
  }
}

type EventsSwitch = 'events_platform_unsupported' | 'events_platform_missing' | 'event_time_milliseconds'

/**
 * An action changed where the vendor's documents allow two answers: acknowledged (200) shows the switch's
 * `accepted` value, refused (400 naming the element's `actions`, the field the change is in) its `refused` value.
 */
function eitherWay<K extends EventsSwitch> (
  id: string, title: string, label: string, change: (action: EventAction) => void,
  observes: { name: K, accepted: BehaviourSwitches[K], refused: BehaviourSwitches[K] }
): ContractCase {
  return {
    id,
    title,
    needs: [],
    writes: true,
    async run ({ send, check }) {
      const res = await sendChanged(send, label, (element) => { change(element.actions[0] as EventAction); return element })
      if (res.status === 200) {
        acknowledged(check, res, 'events')
        check.observed(observes.name, observes.accepted, res, label)
      } else {
        check.envelope(res, 'events', { status: 400, title: 'Invalid Field Value', description: elementError('actions'), code: 'required' })
        if (res.status === 400) check.observed(observes.name, observes.refused, res, label)
      }
    }
  }
}

export const eventCases: ContractCase[] = [
  {
    id: 'events.valid',
    title: 'an impression built from a fetched experience_context is acknowledged',
    needs: ['active_all_users_key'],
    writes: true,
    async run (ctx) {
      const context = await servedContext(ctx)
      if (context === undefined) return
      const res = await ctx.send('track the impression', postJson(EVENTS, { elements: [buildEvent({ customerId: CUSTOMER, context, action: SHOWN })] }))
      acknowledged(ctx.check, res, 'events')
    }
  },
  {
    id: 'events.duplicate-uuid',
    title: 'the same moe_event_uuid sent again is acknowledged again (deduplicated, not refused)',
    needs: ['active_all_users_key'],
    writes: true,
    async run (ctx) {
      const context = await servedContext(ctx)
      if (context === undefined) return
      const body = { elements: [buildEvent({ customerId: CUSTOMER, context, action: SHOWN })] }
      acknowledged(ctx.check, await ctx.send('first send', postJson(EVENTS, body)), 'first send')
      acknowledged(ctx.check, await ctx.send('same uuid again', postJson(EVENTS, body)), 'same uuid again')
    }
  },
  refusedEvent('events.invalid-action', 'an unknown action is 400 Invalid Field Value with the vendor sentence',
    (e) => { (e.actions[0] as { action: string }).action = 'MOE_PERSONALIZATION_MESSAGE_VIEWED'; return e }, VENDOR.INVALID_ACTION),
  eitherWay('events.invalid-platform', 'an unsupported platform is refused (400), or recorded as Unknown (200): the documents say both',
    'event with platform smartwatch', (action) => { action.platform = 'smartwatch' },
    { name: 'events_platform_unsupported', accepted: 'unknown', refused: 'reject' }),
  eitherWay('events.missing-platform', 'an action without platform is recorded as Unknown (200), or refused (400)',
    'event without platform', (action) => { delete action.platform },
    { name: 'events_platform_missing', accepted: 'unknown', refused: 'reject' }),
  eitherWay('events.millisecond-time', 'an event_time in milliseconds is refused (400), or accepted (200)',
    'event_time in milliseconds', (action) => { action.event_time = action.event_time * 1000 },
    { name: 'event_time_milliseconds', accepted: 'accept', refused: 'reject' }),
  refusedEvent('events.invalid-offset', 'user_timezone_offset outside -54000..54000 is 400 Invalid Field Value naming that field',
    (e) => ({ ...e, user_timezone_offset: 54001 }), elementError('user_timezone_offset'))
]
