import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { DEMO, HOMEPAGE_CONTEXT, authHeaders, demoServer, serverFor, trackEvents } from './helpers/server.js'
import { MAX_JSON_DEPTH } from '../src/validation/json.js'
import { fixtureFile, workspace } from './helpers/fixtures.js'
import { violations } from './helpers/schemas.js'

const CONTEXT = HOMEPAGE_CONTEXT

function action (over: Record<string, unknown> = {}): Record<string, unknown> {
  return { action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: randomUUID(), event_time: 1725258666, platform: 'web', attributes: { ...CONTEXT }, ...over }
}

function batch (...actions: Array<Record<string, unknown>>): { elements: unknown[] } {
  return { elements: [{ customer_id: 'demo-user-1', user_timezone_offset: 19800, actions: actions.length ? actions : [action()] }] }
}

const ELEMENT_ERROR = (field: string) => `elements - Validators Failed : Validator: Element, Errored Field: ${field}`

async function refused (t: Test, body: unknown, description: string): Promise<void> {
  const app = await demoServer(t)
  const res = await trackEvents(app, body)
  t.equal(res.statusCode, 400)
  const envelope = res.json()
  t.strictSame(envelope, { title: 'Invalid Field Value', description, code: envelope.code })
  t.match(envelope.code, /^[A-Za-z]{8}$/)
  t.equal(app.mock.events.list({ workspace: DEMO.id }).length, 0, 'nothing is stored from a refused batch')
}

t.test('a valid batch is acknowledged with the vendor message and an 8-letter req_id', async (t) => {
  const app = await demoServer(t)
  const res = await trackEvents(app, batch())
  t.equal(res.statusCode, 200)
  t.strictSame(violations('events-response.schema.json', res.json()), [])
  const ack = res.json()
  t.strictSame(ack, { status: 'success', message: 'Your request has been accepted and will be processed soon.', req_id: ack.req_id })
  t.match(ack.req_id, /^[A-Za-z]{8}$/)
})

t.test('impressions and clicks are stored with what the app sent', async (t) => {
  const app = await demoServer(t)
  const shown = action()
  const clicked = action({ action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', b_id: 'Add to Cart', platform: 'Android' })
  await trackEvents(app, batch(shown, clicked))
  const stored = app.mock.events.list({ workspace: DEMO.id })
  t.equal(stored.length, 2)
  t.match(stored[0], { customer_id: 'demo-user-1', action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: shown.moe_event_uuid, event_time: 1725258666, platform: 'web', attributes: CONTEXT, user_timezone_offset: 19800 })
  t.match(stored[1], { action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', platform: 'android', b_id: 'Add to Cart' })
})

t.test('b_id is accepted inside attributes, as the vendor examples send it', async (t) => {
  const app = await demoServer(t)
  await trackEvents(app, batch(action({ action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', attributes: { ...CONTEXT, b_id: 'Wishlist' } })))
  t.equal(app.mock.events.list({ workspace: DEMO.id })[0]?.b_id, 'Wishlist')
})

t.test('platform is case-insensitive, and a missing platform is recorded as Unknown', async (t) => {
  const app = await demoServer(t)
  const { platform: _, ...noPlatform } = action()
  await trackEvents(app, batch(action({ platform: 'iOS' }), action({ platform: 'TV' }), action({ platform: 'WEB' }), noPlatform))
  t.strictSame(app.mock.events.list({ workspace: DEMO.id }).map((e: { platform: string }) => e.platform), ['ios', 'tv', 'web', 'Unknown'])
})

t.test('a duplicate moe_event_uuid is acknowledged with 200 but stored once', async (t) => {
  const app = await demoServer(t)
  const event = action()
  const first = await trackEvents(app, batch(event))
  const retry = await trackEvents(app, batch(event))
  t.equal(first.statusCode, 200)
  t.equal(retry.statusCode, 200)
  t.match(retry.json(), { status: 'success' })
  const stored = app.mock.events.list({ workspace: DEMO.id })
  t.equal(stored.length, 1)
  t.equal(stored[0]?.duplicates, 1)
})

t.test('a uuid repeated inside one batch is stored once', async (t) => {
  const app = await demoServer(t)
  const event = action()
  await trackEvents(app, batch(event, event))
  t.equal(app.mock.events.list({ workspace: DEMO.id }).length, 1)
})

t.test('deduplication is per workspace', async (t) => {
  const one = { id: 'WS_ONE', key: 'key-one' }
  const two = { id: 'WS_TWO', key: 'key-two' }
  const app = await serverFor(t, fixtureFile(workspace({ id: one.id, personalize_api_key: one.key }), workspace({ id: two.id, personalize_api_key: two.key })))
  const event = action()
  await trackEvents(app, batch(event), authHeaders(one))
  await trackEvents(app, batch(event), authHeaders(two))
  t.equal(app.mock.events.list({ workspace: one.id }).length, 1)
  t.equal(app.mock.events.list({ workspace: two.id }).length, 1)
})

t.test('up to 100 elements are accepted in one batch', async (t) => {
  const app = await demoServer(t)
  const elements = Array.from({ length: 100 }, (_, i) => ({ customer_id: `c${i}`, actions: [action()] }))
  t.equal((await trackEvents(app, { elements })).statusCode, 200)
  t.equal(app.mock.events.list({ workspace: DEMO.id }).length, 100)
})

t.test('an unknown action is refused with the documented vendor sentence', (t) =>
  refused(t, batch(action({ action: 'MOE_PERSONALIZATION_MESSAGE_VIEWED' })), ELEMENT_ERROR('actions')))

t.test('action is case-sensitive', (t) =>
  refused(t, batch(action({ action: 'moe_personalization_message_shown' })), ELEMENT_ERROR('actions')))

t.test('an unsupported platform is refused', (t) =>
  refused(t, batch(action({ platform: 'smartwatch' })), ELEMENT_ERROR('actions')))

t.test('user_timezone_offset outside -54000..54000 is refused', async (t) => {
  for (const offset of [54001, -54001, 1.5]) {
    await t.test(String(offset), (t) => refused(t, { elements: [{ customer_id: 'c', user_timezone_offset: offset, actions: [action()] }] }, ELEMENT_ERROR('user_timezone_offset')))
  }
})

t.test('every required attribute of the experience_context is needed', async (t) => {
  for (const field of ['cid', 'experience', 'moe_locale_id', 'moe_variation_id', 'audience_name', 'audience_id']) {
    const attributes: Record<string, string> = { ...CONTEXT }
    delete attributes[field]
    await t.test(field, (t) => refused(t, batch(action({ attributes })), ELEMENT_ERROR('actions')))
  }
})

t.test('moe_event_uuid must be a UUID', async (t) => {
  for (const uuid of ['event-1', 'urn:uuid:aa886712-4537-47c1-b126-2686efda2e26', '00000000-0000-0000-0000-000000000000', 'aa886712453747c1b1262686efda2e26']) {
    await t.test(uuid, (t) => refused(t, batch(action({ moe_event_uuid: uuid })), ELEMENT_ERROR('actions')))
  }
})

t.test('a retry with the uuid in upper case is the same event', async (t) => {
  const app = await demoServer(t)
  const event = action()
  await trackEvents(app, batch(event))
  await trackEvents(app, batch({ ...event, moe_event_uuid: String(event.moe_event_uuid).toUpperCase() }))
  t.equal(app.mock.events.list({ workspace: DEMO.id }).length, 1)
})

t.test('any attributes.type string is accepted, as the app echoes what it was served', async (t) => {
  const app = await demoServer(t)
  const res = await trackEvents(app, batch(action({ attributes: { ...CONTEXT, type: 'In-App' } })))
  t.equal(res.statusCode, 200)
})

t.test('attributes nested up to the depth limit are stored and listed; deeper bodies are Malformed JSON', async (t) => {
  const app = await demoServer(t)
  const nested = (depth: number): string => JSON.stringify(batch(action({ attributes: { ...CONTEXT, extra: 'DEEP' } })))
    .replace('"DEEP"', '{"d":'.repeat(depth) + '{}' + '}'.repeat(depth))
  // `extra` sits 6 levels down (body, elements, element, actions, action, attributes); `nested(n)` adds n + 1.
  const deepest = MAX_JSON_DEPTH - 7
  const fits = await app.inject({ method: 'POST', url: '/v1/experiences/events', headers: authHeaders(), payload: nested(deepest) })
  t.equal(fits.statusCode, 200)
  for (const depth of [deepest + 1, 20000]) {
    const res = await app.inject({ method: 'POST', url: '/v1/experiences/events', headers: authHeaders(), payload: nested(depth) })
    t.equal(res.statusCode, 400, `${depth} levels`)
    t.equal(res.json().title, 'Malformed JSON')
  }
  t.equal(app.mock.events.list({ workspace: DEMO.id }).length, 1, 'only the one within the limit is stored')
  const journal = await app.inject({ method: 'GET', url: `/__admin/events?workspace=${DEMO.id}`, remoteAddress: '127.0.0.1' })
  t.equal(journal.statusCode, 200, 'the journal stays readable')
})

t.test('event_time must be integer epoch seconds, not milliseconds or ISO text', async (t) => {
  for (const eventTime of [1725258666000, '2024-09-02T06:31:06Z', 1725258666.5, -1]) {
    await t.test(String(eventTime), (t) => refused(t, batch(action({ event_time: eventTime })), ELEMENT_ERROR('actions')))
  }
})

t.test('an action without attributes, uuid, time or action name is refused', async (t) => {
  for (const field of ['attributes', 'moe_event_uuid', 'event_time', 'action']) {
    const a = action()
    delete a[field]
    await t.test(field, (t) => refused(t, batch(a), ELEMENT_ERROR('actions')))
  }
})

t.test('an element without customer_id or actions is refused, naming the field', async (t) => {
  await t.test('customer_id', (t) => refused(t, { elements: [{ actions: [action()] }] }, ELEMENT_ERROR('customer_id')))
  await t.test('actions', (t) => refused(t, { elements: [{ customer_id: 'c' }] }, ELEMENT_ERROR('actions')))
  await t.test('empty actions', (t) => refused(t, { elements: [{ customer_id: 'c', actions: [] }] }, ELEMENT_ERROR('actions')))
})

t.test('one bad element refuses the whole batch', (t) =>
  refused(t, { elements: [{ customer_id: 'ok', actions: [action()] }, { customer_id: 'bad', actions: [action({ action: 'X' })] }] }, ELEMENT_ERROR('actions')))

t.test('more than 100 elements is refused', (t) =>
  refused(t, { elements: Array.from({ length: 101 }, (_, i) => ({ customer_id: `c${i}`, actions: [action()] })) }, 'elements - Length must be at most 100.'))

t.test('a batch without elements, or with an empty list, is refused', async (t) => {
  await t.test('missing', (t) => refused(t, {}, 'elements - Missing data for required field.'))
  await t.test('empty', (t) => refused(t, { elements: [] }, 'elements - Length must be at least 1.'))
  await t.test('not a list', (t) => refused(t, { elements: {} }, 'elements - Not a valid list.'))
})
