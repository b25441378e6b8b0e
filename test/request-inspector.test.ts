// The request inspector: GET /__admin/requests/:seq shows a request as it was answered (the answer, the fault, and for
// a fetch its decision explained from the fixtures, clock instant and user of that moment), and the journals filter
// and page with a since= cursor. /__mock/explain says when an injected fault would answer instead of the engine.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { startMockServer } from '../src/server/start.js'
import { AdminApiError } from '../src/client/admin.js'
import type {
  AdminRequestDetail, AdminRequestsJournal, EventElement, ExperienceContext, ExplainResponse, FixtureFile, JournalRequest
} from '../src/generated/types.js'
import { audience, experience, fixtureFile, variation, workspace } from './helpers/fixtures.js'
import { violations } from './helpers/schemas.js'
import { authHeaders, basic, DEMO, demoServer, fetchExperiences, getMetadata, trackEvents } from './helpers/server.js'

const WS = { id: 'WS_ONE', key: 'key-one' } as const

/** Pro users get variation 1 of audience PRO; everyone else variation 2 of ALL. */
const before: FixtureFile = fixtureFile(workspace({
  users: [{ customer_id: 'u-pro', attributes: { plan: 'pro' } }],
  experiences: [experience('plan-banner', {
    audiences: [
      { id: 'PRO', name: 'Pro plan', conditions: { field: 'user.plan', operator: 'equals', value: 'pro' }, variations: [variation({ id: '1' })] },
      audience({ id: 'ALL', name: 'Everyone else', variations: [variation({ id: '2' })] })
    ]
  })]
}))
/** The same experience after an edit: one audience, variation 3. */
const after: FixtureFile = fixtureFile(workspace({
  users: [{ customer_id: 'u-pro', attributes: { plan: 'pro' } }],
  experiences: [experience('plan-banner', { audiences: [audience({ id: 'NEW', name: 'Everyone', variations: [variation({ id: '3' })] })] })]
}))

const admin = async (app: FastifyInstance, url: string) => {
  const res = await app.inject({ method: 'GET', url: `/__admin${url}` })
  return { status: res.statusCode, body: res.json() }
}
const detailOf = async (app: FastifyInstance, seq: number, query = ''): Promise<AdminRequestDetail> => {
  const res = await admin(app, `/requests/${seq}${query}`)
  if (res.status !== 200) throw new Error(`GET /__admin/requests/${seq}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as AdminRequestDetail
}
/** Per experience: key, reason, the audience matched and the variation. */
const served = (explain: ExplainResponse | null | undefined) =>
  explain?.experiences.map((e) => [e.key, e.reason, e.audiences.find((a) => a.matched)?.id, e.variation?.id])
const impression = (customer: string, ctx: ExperienceContext, uuid = randomUUID()): EventElement =>
  ({ customer_id: customer, actions: [{ action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: uuid, event_time: 1795946400, attributes: ctx }] })

t.test("a fetch's detail keeps its body, its answer and the trace of its moment after the clock, the user and the fixtures changed", async (t) => {
  const mock = await startMockServer({ fixtures: before })
  t.teardown(() => mock.close())
  await mock.admin.setClock({ now: '2026-04-01T09:30:00Z' })
  const client = mock.client()
  const answer = await client.fetchExperiences({ identifiers: { customer_id: 'u-pro' }, experience_key: ['plan-banner'] })
  t.equal(answer.experiences['plan-banner']?.experience_context.moe_variation_id, '1')
  // Then everything that decision read changes: the clock, the user (an event sets plan) and the fixtures.
  await mock.admin.setClock({ now: '2027-01-15T18:00:00Z' })
  await client.trackEvents({ elements: [{ ...impression('u-pro', answer.experiences['plan-banner']!.experience_context), user_attributes: { plan: 'free' } }] })
  await mock.admin.putFixtures(after)

  const { requests } = await mock.admin.requests({ route: 'fetch' })
  t.equal(requests.length, 1)
  const detail = await mock.admin.request(requests[0]!.seq)
  t.strictSame(violations('admin.schema.json#/definitions/RequestDetail', detail), [])
  t.match(detail, { route: 'fetch', status: 200, answered_by: 'engine', fault: null, body: JSON.stringify({ identifiers: { customer_id: 'u-pro' }, experience_key: ['plan-banner'] }) })
  t.strictSame(detail.response, { status: 200, body: answer }, 'the answer as sent')
  t.match(detail.decision, { against: 'request', fixtures: { generation: 1, current: false }, clock: '2026-04-01T09:30:00.000Z' })
  const then = detail.decision?.explain
  t.equal(then?.now, '2026-04-01T09:30:00.000Z')
  t.strictSame(served(then), [['plan-banner', 'SERVED', 'PRO', '1']], 'the old experience, audience and variation')
  t.match(then?.experiences[0]?.audiences[0]?.conditions[0], { passed: true, saw: 'pro' }, 'the user as they were, before the event')
  t.match(then?.visitor, { customer_id: 'u-pro', source: 'fixtures' })
  t.strictSame(then?.response, answer, "the trace's response is the answer sent")

  const today = await mock.admin.request(requests[0]!.seq, { against: 'current' })
  t.strictSame(violations('admin.schema.json#/definitions/RequestDetail', today), [])
  t.match(today.decision, { against: 'current', fixtures: { generation: 2, current: true }, clock: '2027-01-15T18:00:00.000Z' })
  t.strictSame(served(today.decision?.explain), [['plan-banner', 'SERVED', 'NEW', '3']], "today's fixtures")
  t.match(today.decision?.explain?.visitor, { customer_id: 'u-pro', source: 'fixtures and events' }, "today's user")
  t.strictSame(today.response, detail.response, 'the answer sent does not change')
})

t.test('a replaced set keeps its generation number; a reset brings the first set back as generation 1', async (t) => {
  const app = await demoServer(t)
  await fetchExperiences(app, { experience_key: ['homepage-banner'] })
  await app.inject({ method: 'PUT', url: '/__admin/fixtures', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(before) })
  await fetchExperiences(app, { experience_key: ['plan-banner'] }, authHeaders(WS))
  t.match((await detailOf(app, 1)).decision?.fixtures, { generation: 1, current: false })
  t.match((await detailOf(app, 2)).decision?.fixtures, { generation: 2, current: true })
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  await fetchExperiences(app, { experience_key: ['homepage-banner'] })
  t.match((await detailOf(app, 3)).decision?.fixtures, { generation: 1, current: true })
})

t.test('against=current explains nothing, and says why, when today refuses the request', async (t) => {
  const app = await demoServer(t)
  await fetchExperiences(app, { experience_key: ['homepage-banner'] })
  await app.inject({ method: 'PUT', url: '/__admin/fixtures', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(before) })
  const today = await detailOf(app, 1, '?against=current')
  t.strictSame(violations('admin.schema.json#/definitions/RequestDetail', today), [])
  t.match(today.decision, { against: 'current', explain: null, note: 'MOE-APPKEY "DEMO_WORKSPACE" reaches no workspace of today\'s fixtures' })
})

t.test("an events call's detail shows each action's context check and, for a mismatch, what was served against what was reported", async (t) => {
  const app = await demoServer(t)
  const ctx = (await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })).json()
    .experiences['homepage-banner'].experience_context as ExperienceContext
  const other = ctx.moe_variation_id === '1' ? '2' : '1'
  const wrong = { ...ctx, moe_variation_id: other, cid: ctx.cid.replace(/_AB_\d+_/, `_AB_${other}_`) }
  const first = randomUUID()
  await trackEvents(app, { elements: [impression('demo-user-1', ctx, first)] })
  const res = await trackEvents(app, { elements: [impression('demo-user-1', wrong), impression('demo-user-1', ctx, first)] })
  t.equal(res.statusCode, 200)
  const detail = await detailOf(app, 3)
  t.strictSame(violations('admin.schema.json#/definitions/RequestDetail', detail), [])
  t.equal(detail.decision, undefined, 'no decision: not a fetch')
  const [mismatch, duplicate] = detail.elements?.flatMap((e) => e.actions.map((a) => ({ customer: e.customer_id, ...a }))) ?? []
  t.match(mismatch, {
    customer: 'demo-user-1',
    experience_key: 'homepage-banner',
    duplicate: false,
    context_check: 'variation_mismatch',
    reported: { cid: wrong.cid, moe_variation_id: other, audience_id: ctx.audience_id },
    served: { customer_id: 'demo-user-1', contexts: [{ cid: ctx.cid, moe_variation_id: ctx.moe_variation_id, audience_id: ctx.audience_id }] }
  })
  t.match(duplicate, { duplicate: true, context_check: 'ok', moe_event_uuid: first, reported: { cid: ctx.cid } })
  t.equal(duplicate?.served, undefined, 'nothing to compare for an ok')
  const events = (await admin(app, '/events')).body
  t.equal(duplicate?.seq, events.events[0].seq, "a duplicate points at the first copy's journal entry")
  t.strictSame(events.events[1].served, mismatch?.served, 'the event journal keeps what was served too')
  t.equal(mismatch?.seq, events.events[1].seq)
})

t.test('the request journal filters by route, status (exact or class), workspace and customer', async (t) => {
  const app = await demoServer(t)
  await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })
  await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-2' } }, { ...authHeaders(), authorization: basic(DEMO.id, 'wrong') })
  await getMetadata(app)
  await trackEvents(app, { elements: [impression('c-9', { cid: 'not-a-cid' } as ExperienceContext)] })
  await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: '{"identifiers":{"customer_id":"demo-user-1"}}' })
  await app.inject({ method: 'GET', url: '/v1/experiences/nowhere', headers: authHeaders() })
  await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-3' } }, { ...authHeaders(), 'moe-appkey': `${DEMO.id}_DEBUG` })
  await fetchExperiences(app, {}, { ...authHeaders(), 'moe-appkey': 'SOMEONE_ELSE' })
  const pick = async (query: string) => {
    const res = await admin(app, `/requests?${query}`)
    t.equal(res.status, 200, query)
    t.strictSame(violations('admin.schema.json#/definitions/RequestsJournal', res.body), [], query)
    return (res.body as AdminRequestsJournal).requests.map((r: JournalRequest) => r.seq)
  }
  t.strictSame(await pick('route=fetch'), [1, 2, 7, 8])
  t.strictSame(await pick('route=explain'), [5])
  t.strictSame(await pick('status=401'), [2])
  t.strictSame(await pick('status=4xx'), [2, 4, 6, 8], 'an events call of a bad cid is refused (400), the unknown path is 404')
  t.strictSame(await pick('status=2xx&route=fetch'), [1, 7])
  t.strictSame(await pick(`workspace=${DEMO.id}`), [1, 2, 3, 4, 5, 6, 7], 'both environments')
  t.strictSame(await pick('workspace=SOMEONE_ELSE'), [8], 'a MOE-APPKEY that reached no workspace, as sent')
  t.strictSame(await pick('customer=demo-user-1'), [1, 5])
  t.strictSame(await pick('customer=demo-user-1&last=1'), [5])
  t.strictSame((await admin(app, '/requests?route=fetch&workspace=nobody')).body.requests, [])
})

t.test('since= returns only newer entries of either journal, and each answer carries the newest seq to continue from', async (t) => {
  const app = await demoServer(t)
  const ctx = (await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })).json()
    .experiences['homepage-banner'].experience_context as ExperienceContext
  const requests = await admin(app, '/requests')
  t.equal(requests.body.last_seq, 1)
  t.strictSame((await admin(app, `/requests?since=${requests.body.last_seq}`)).body, { requests: [], last_seq: 1, evicted: 0, cap: 1000 })
  await trackEvents(app, { elements: [impression('demo-user-1', ctx), impression('demo-user-2', ctx)] })
  await getMetadata(app)
  const next = (await admin(app, '/requests?since=1')).body
  t.strictSame(next.requests.map((r: JournalRequest) => r.route), ['events', 'metadata'])
  t.equal(next.last_seq, 3)
  t.equal((await admin(app, '/requests?since=1&route=fetch')).body.last_seq, 3, 'the newest seq, whatever the filter keeps')

  const events = (await admin(app, '/events')).body
  t.equal(events.last_seq, 2)
  t.strictSame((await admin(app, `/events?since=${events.events[0].seq}`)).body.events.map((e: { customer_id: string }) => e.customer_id), ['demo-user-2'])
  t.strictSame((await admin(app, '/events?since=2')).body, { events: [], last_seq: 2, evicted: {}, cap: 10000 })
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await admin(app, '/requests')).body.last_seq, 3, 'a reset does not reuse seqs: a cursor stays valid')
})

t.test('explain says when an injected fault would answer a fetch, without using the fault up; the faulted fetch shows it', async (t) => {
  const app = await demoServer(t)
  const fault = { route: 'fetch', status: 500, times: 1 }
  await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(fault) })
  const body = JSON.stringify({ identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })
  for (let i = 0; i < 2; i++) {
    const explained = await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: body })
    t.equal(explained.statusCode, 200)
    t.strictSame(violations('explain-response.schema.json', explained.json()), [])
    t.strictSame(explained.json().fault, { id: 1, rule: fault, replaces_answer: true, detail: "HTTP 500 in the vendor's envelope, instead of the engine's answer" })
    t.ok(explained.json().response.experiences['homepage-banner'], 'and what the engine would have answered')
  }
  t.match((await admin(app, '/faults')).body.faults, [{ id: 1, applied: 0, remaining: 1 }], 'explaining used nothing up')
  const faulted = await app.inject({ method: 'POST', url: '/v1/experiences/fetch', headers: authHeaders(), payload: body })
  t.equal(faulted.statusCode, 500)
  t.strictSame((await admin(app, '/faults')).body.faults, [], 'the fault is gone')
  const detail = await detailOf(app, 3)
  t.strictSame(violations('admin.schema.json#/definitions/RequestDetail', detail), [])
  t.match(detail, { status: 500, answered_by: 'fault', fault: { id: 1, rule: fault, replaces_answer: true }, response: { status: 500, body: faulted.json() } })
  t.equal(detail.decision?.explain?.fault?.id, 1, "the trace says the fault answered, not the engine's response inside it")
  t.ok(detail.decision?.explain?.response.experiences['homepage-banner'])
  const later = await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: body })
  t.equal(later.json().fault, undefined, 'with the fault gone, explain names none')
})

t.test('a fault for another workspace, or one that only delays, is told apart', async (t) => {
  const app = await demoServer(t)
  const add = (rule: object) => app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(rule) })
  const explain = async () => (await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: '{}' })).json().fault
  await add({ route: 'fetch', workspace: 'SOMEONE_ELSE', status: 503 })
  await add({ route: 'events', status: 503 })
  t.equal(await explain(), undefined, 'neither would hit a fetch of this workspace')
  await add({ route: 'fetch', delay_ms: 800 })
  t.match(await explain(), { id: 3, replaces_answer: false, detail: "the engine's answer, 800 ms late" })
})

t.test('explaining draws nothing from a fault with a probability: the fetches that follow are hit exactly as without it', async (t) => {
  const statuses = async (explainBetween: boolean): Promise<number[]> => {
    const app = await demoServer(t)
    await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '{"route":"fetch","status":503,"probability":0.5,"seed":7}' })
    const out: number[] = []
    for (let i = 0; i < 12; i++) {
      if (explainBetween) await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: '{}' })
      out.push((await fetchExperiences(app, {})).statusCode)
    }
    return out
  }
  const plain = await statuses(false)
  t.ok(plain.includes(503) && plain.includes(200), 'the draws hit some fetches and not others')
  t.strictSame(await statuses(true), plain)
})

t.test('a request hit by a dropped connection shows status 0, no answer, and the fault', async (t) => {
  const app = await demoServer(t)
  await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '{"route":"fetch","reset_connection":true}' })
  await fetchExperiences(app, { experience_key: ['homepage-banner'] }).catch(() => undefined)
  const detail = await detailOf(app, 1)
  t.match(detail, { status: 0, answered_by: 'fault', response: { status: 0, body: null }, fault: { replaces_answer: true, detail: 'the connection is dropped' } })
  t.equal(detail.decision?.explain?.fault?.id, 1)
})

t.test('an answer longer than the journal keeps is cut, and said to be', async (t) => {
  const app = await demoServer(t)
  const long = 'x'.repeat(70 * 1024)
  await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ route: 'metadata', status: 503, body: long }) })
  await getMetadata(app)
  const { response } = await detailOf(app, 1)
  t.equal(response.truncated, true)
  t.equal(typeof response.body, 'string')
  t.equal((response.body as string).length, 64 * 1024)
})

t.test('an engine answer is kept as the text sent, cut at the same place when it is long', async (t) => {
  const titled = (value: string) => variation({ payload: { Title: { value, data_type: 'string' } } })
  const ws = workspace({
    experiences: [
      experience('short-banner', { audiences: [audience({ variations: [titled('é'.repeat(10))] })] }),
      experience('long-banner', { audiences: [audience({ variations: [titled('x'.repeat(70_000))] })] })
    ]
  })
  const mock = await startMockServer({ fixtures: fixtureFile(ws) })
  t.teardown(() => mock.close())
  const headers = authHeaders({ id: ws.id, key: ws.personalize_api_key })
  const sent = []
  for (const keys of [['short-banner'], ['long-banner', 'short-banner']]) {
    const res = await fetch(`${mock.url}/v1/experiences/fetch`, { method: 'POST', headers, body: JSON.stringify({ identifiers: { customer_id: 'u1' }, experience_key: keys }) })
    sent.push(await res.text())
  }
  const [short, long2] = await Promise.all([1, 2].map(async (seq) => (await mock.admin.request(seq)).response))
  t.strictSame(short, { status: 200, body: JSON.parse(sent[0] ?? '') }, 'whole: the answer as sent')
  t.ok(Buffer.byteLength(sent[1] ?? '') > 64 * 1024, 'the second answer is longer than the journal keeps')
  t.strictSame(long2, { status: 200, body: Buffer.from(sent[1] ?? '').toString('utf8', 0, 64 * 1024), truncated: true }, 'cut: its first 64 KiB as sent')
})

t.test('a request the journal no longer holds is 404 in the envelope; bad queries are 400', async (t) => {
  const app = await demoServer(t, { requestJournalCap: 2 })
  for (let i = 0; i < 3; i++) await getMetadata(app)
  const evicted = await admin(app, '/requests/1')
  t.equal(evicted.status, 404)
  t.strictSame(violations('admin.schema.json#/definitions/AdminError', evicted.body), [])
  t.strictSame(evicted.body, {
    title: '404 Not Found',
    description: 'Request #1 is no longer in the request journal: it keeps the last 2 requests (a reset clears it).'
  })
  t.strictSame((await admin(app, '/requests/7')).body, { title: '404 Not Found', description: 'No request #7: the newest request is #3.' })
  t.equal((await admin(app, '/requests/3')).status, 200)
  for (const bad of ['/requests/abc', '/requests/-1', '/requests/3?against=tomorrow', '/requests?status=4x', '/requests?status=600', '/requests?route=nope',
    '/requests?since=-1', '/requests?since=1&since=2', '/events?since=yesterday']) {
    const res = await admin(app, bad)
    t.equal(res.status, 400, bad)
    t.match(res.body, { title: 'Invalid admin request', description: /\S/ }, bad)
  }
})

t.test('the admin client filters the journal and reads a request the journal dropped as an AdminApiError 404', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  await mock.client().fetchExperiences({})
  await mock.client().fetchExperiences({})
  t.match(await mock.admin.requests({ status: '2xx', since: 1 }), { requests: [{ seq: 2 }], last_seq: 2 })
  t.strictSame((await mock.admin.requests({ status: 404, route: 'fetch', customer: 'nobody', workspace: 'nowhere' })).requests, [])
  await mock.admin.reset()
  const err = await mock.admin.request(1).catch((e: unknown) => e)
  t.ok(err instanceof AdminApiError)
  t.equal((err as AdminApiError).status, 404)
})

t.test('the detail masks a workspace API key wherever the request carried it, the explanation included', async (t) => {
  const app = await demoServer(t)
  await fetchExperiences(app, { identifiers: { customer_id: DEMO.key }, experience_key: ['homepage-banner'] })
  const detail = await detailOf(app, 1)
  t.notMatch(JSON.stringify(detail), DEMO.key)
  t.match(detail.body, '"customer_id":"[redacted]"')
  t.equal(detail.decision?.explain?.visitor.bucketing_id, '[redacted]')
})
