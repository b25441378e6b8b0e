// The admin API through inject(): fixtures, journals with context checks, faults, clock, rate limit, access.
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { authHeaders, basic, demoServer, DEMO, fetchExperiences, serverFor, trackEvents } from './helpers/server.js'
import { experience, fixtureFile, workspace } from './helpers/fixtures.js'
import { violations } from './helpers/schemas.js'
import { until } from './helpers/wait.js'
import type { FastifyInstance } from 'fastify'
import type { ExperienceContext, FixtureFile } from '../src/generated/types.js'

const admin = async (app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method, url: `/__admin${url}`, headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) })
  return { status: res.statusCode, body: res.json(), headers: res.headers }
}
const impression = (customer: string, ctx: ExperienceContext, uuid = randomUUID()) =>
  ({ elements: [{ customer_id: customer, actions: [{ action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: uuid, event_time: 1795946400, attributes: ctx }] }] })
async function served (app: FastifyInstance, customer: string, key = 'homepage-banner'): Promise<ExperienceContext> {
  return (await fetchExperiences(app, { identifiers: { customer_id: customer }, experience_key: [key] })).json().experiences[key].experience_context
}

t.test('health reports the fixtures, workspaces and clock', async (t) => {
  const app = await demoServer(t)
  const res = await admin(app, 'GET', '/health')
  t.equal(res.status, 200)
  t.strictSame(violations('admin.schema.json#/definitions/Health', res.body), [])
  t.match(res.body, { status: 'ok', workspaces: ['DEMO_WORKSPACE'], clock: 'system' })
})

t.test('the event journal lists events in order with duplicates counted, filtered as asked', async (t) => {
  const app = await demoServer(t)
  const ctx1 = await served(app, 'demo-user-1')
  const ctx2 = await served(app, 'demo-user-2', 'checkout-reassurance')
  const repeat = impression('demo-user-1', ctx1)
  await trackEvents(app, repeat)
  await trackEvents(app, repeat)
  await trackEvents(app, impression('demo-user-2', ctx2))
  const all = await admin(app, 'GET', '/events')
  t.equal(all.status, 200)
  t.strictSame(violations('admin.schema.json#/definitions/EventsJournal', all.body), [])
  t.strictSame(all.body.events.map((e: { customer_id: string, duplicates: number, experience_key: string }) => [e.customer_id, e.duplicates, e.experience_key]),
    [['demo-user-1', 1, 'homepage-banner'], ['demo-user-2', 0, 'checkout-reassurance']])
  t.strictSame((await admin(app, 'GET', '/events?customer_id=demo-user-2')).body.events.length, 1)
  t.strictSame((await admin(app, 'GET', '/events?experience_key=homepage-banner')).body.events.length, 1)
  t.strictSame((await admin(app, 'GET', '/events?action=MOE_PERSONALIZATION_MESSAGE_CLICKED')).body.events.length, 0)
  t.strictSame((await admin(app, 'GET', `/events?workspace=${DEMO.id}&since=${all.body.events[0].seq}`)).body.events.map((e: { customer_id: string }) => e.customer_id), ['demo-user-2'])
  t.equal((await admin(app, 'GET', '/events?since=yesterday')).status, 400)
})

t.test('last=N keeps only the newest N entries of either journal, after the filters', async (t) => {
  const app = await demoServer(t)
  const ctx = await served(app, 'demo-user-1')
  for (const customer of ['c1', 'c2', 'c3']) await trackEvents(app, impression(customer, ctx))
  const customers = (body: { events: Array<{ customer_id: string }> }) => body.events.map((e) => e.customer_id)
  t.strictSame(customers((await admin(app, 'GET', '/events?last=2')).body), ['c2', 'c3'])
  t.strictSame(customers((await admin(app, 'GET', '/events?customer_id=c1&last=2')).body), ['c1'])
  const requests = (await admin(app, 'GET', '/requests?last=2')).body.requests as Array<{ path: string, seq: number }>
  t.strictSame(requests.map((r) => r.path), ['/v1/experiences/events', '/v1/experiences/events'])
  t.equal(requests[1]!.seq, (await admin(app, 'GET', '/requests')).body.requests.at(-1).seq, 'the newest last')
  for (const bad of ['0', '-1', 'two', '1.5']) {
    t.equal((await admin(app, 'GET', `/events?last=${bad}`)).status, 400, `events last=${bad} refused`)
    t.equal((await admin(app, 'GET', `/requests?last=${bad}`)).status, 400, `requests last=${bad} refused`)
  }
  t.equal((await admin(app, 'GET', '/requests?last=1&last=2')).status, 400, 'given twice')
})

t.test('each event is checked against what the mock served to that customer', async (t) => {
  const app = await demoServer(t)
  const ctx = await served(app, 'demo-user-1')
  const other = ctx.moe_variation_id === '1' ? '2' : '1'
  const cases: Array<[string, string, ExperienceContext]> = [
    ['ok', 'demo-user-1', ctx],
    ['customer_mismatch', 'demo-user-2', ctx],
    ['variation_mismatch', 'demo-user-1', { ...ctx, moe_variation_id: other, cid: ctx.cid.replace(/_AB_\d+_/, `_AB_${other}_`) }],
    ['audience_mismatch', 'demo-user-1', { ...ctx, audience_id: '9Z', cid: ctx.cid.replace(/_AU_\w+$/, '_AU_9Z') }],
    ['unknown_cid', 'demo-user-1', { ...ctx, cid: 'ffffffffffffffffffffffff_F_T_WP_AB_1_P_0_AU_5A' }],
    ['unknown_cid', 'demo-user-1', { ...ctx, cid: 'not-a-cid' }],
    ['variation_mismatch', 'demo-user-1', { ...ctx, moe_variation_id: other }]
  ]
  for (const [, customer, context] of cases) await trackEvents(app, impression(customer, context))
  const checks = (await admin(app, 'GET', '/events')).body.events.map((e: { context_check: string }) => e.context_check)
  t.strictSame(checks, cases.map(([expected]) => expected))
})

t.test('the event journal is bounded per workspace, and evictions are reported', async (t) => {
  const app = await demoServer(t, { journalCap: 3 })
  const ctx = await served(app, 'demo-user-1')
  for (let i = 0; i < 5; i++) await trackEvents(app, impression(`c${i}`, ctx))
  const journal = (await admin(app, 'GET', '/events')).body
  t.strictSame(journal.events.map((e: { customer_id: string }) => e.customer_id), ['c2', 'c3', 'c4'])
  t.strictSame(journal.evicted, { DEMO_WORKSPACE: 2 })
  t.equal(journal.cap, 3)
})

t.test('the request journal records method, path, workspace, status, body, and redacts Authorization', async (t) => {
  const app = await demoServer(t)
  await fetchExperiences(app, { experience_key: ['homepage-banner'] })
  await app.inject({ method: 'POST', url: '/v1/experiences/fetch', headers: { ...authHeaders(), authorization: basic(DEMO.id, 'wrong') }, payload: '{"a":1}' })
  await admin(app, 'GET', '/health')
  const journal = (await admin(app, 'GET', '/requests')).body
  t.strictSame(violations('admin.schema.json#/definitions/RequestsJournal', journal), [])
  t.strictSame(journal.requests.map((r: { method: string, path: string, status: number, workspace: string }) => [r.method, r.path, r.status, r.workspace]),
    [['POST', '/v1/experiences/fetch', 200, 'DEMO_WORKSPACE'], ['POST', '/v1/experiences/fetch', 401, 'DEMO_WORKSPACE']], 'admin calls are not journaled')
  t.equal(journal.requests[0].body, '{"experience_key":["homepage-banner"]}')
  t.equal(journal.requests[0].headers.authorization, '[redacted]')
  t.notMatch(JSON.stringify(journal), DEMO.key)
  t.notMatch(JSON.stringify(journal), Buffer.from(`${DEMO.id}:wrong`).toString('base64'))
})

t.test('PUT /fixtures swaps the whole set; a refused set answers 400 with pointers and the old set stays', async (t) => {
  const app = await demoServer(t)
  const next = fixtureFile(workspace({ id: 'NEW_WS', personalize_api_key: 'new-key', experiences: [experience('brand-new-one')] }))
  const bad: FixtureFile = fixtureFile(workspace({ experiences: [experience('abc')] }))
  const refused = await admin(app, 'PUT', '/fixtures', bad)
  t.equal(refused.status, 400)
  t.strictSame(violations('admin.schema.json#/definitions/AdminError', refused.body), [])
  t.strictSame(refused.body, {
    title: 'Invalid fixtures',
    description: 'The fixtures were refused; the previous set is still served. See problems.',
    problems: [{ file: 'PUT /__admin/fixtures', pointer: '/workspaces/0/experiences/0/key', message: 'must NOT have fewer than 5 characters' }]
  })
  t.equal((await fetchExperiences(app, { experience_key: ['homepage-banner'] })).statusCode, 200, 'the demo is still served')
  const ok = await admin(app, 'PUT', '/fixtures', next)
  t.strictSame(ok.body, { status: 'loaded', workspaces: ['NEW_WS'], warnings: [] })
  t.equal((await fetchExperiences(app, {})).statusCode, 400, 'DEMO_WORKSPACE is gone')
  t.ok((await fetchExperiences(app, {}, authHeaders({ id: 'NEW_WS', key: 'new-key' }))).json().experiences['brand-new-one'])
  t.strictSame((await admin(app, 'GET', '/fixtures')).body, next)
  t.equal((await admin(app, 'PUT', '/fixtures', undefined)).status, 400, 'no body')
})

t.test('PUT /workspaces/:id replaces or adds one workspace, validated with the rest', async (t) => {
  const app = await demoServer(t)
  const { id: _, ...rest } = workspace({ personalize_api_key: 'added-key', experiences: [experience('added-experience')] })
  t.strictSame((await admin(app, 'PUT', '/workspaces/ADDED', rest)).body.workspaces, ['DEMO_WORKSPACE', 'ADDED'])
  t.ok((await fetchExperiences(app, {}, authHeaders({ id: 'ADDED', key: 'added-key' }))).json().experiences['added-experience'])
  const replaced = await admin(app, 'PUT', `/workspaces/${DEMO.id}`, { personalize_api_key: 'rotated-key', experiences: [] })
  t.equal(replaced.status, 200)
  t.equal((await fetchExperiences(app, {})).statusCode, 401, 'the old key no longer works')
  const mismatch = await admin(app, 'PUT', '/workspaces/ADDED', { id: 'OTHER', personalize_api_key: 'k', experiences: [] })
  t.equal(mismatch.status, 400)
  t.match(mismatch.body.description, 'is not the workspace in the path')
  const invalid = await admin(app, 'PUT', '/workspaces/ADDED', { personalize_api_key: 'k', experiences: [{ key: 'x' }] })
  t.equal(invalid.status, 400)
  t.match(invalid.body.problems[0].pointer, /^\/workspaces\/1\/experiences\/0/)
})

t.test('reset clears journals, faults, clock and rate counters, and restores the fixtures loaded at start', async (t) => {
  const app = await demoServer(t, { rateLimit: 1 })
  await trackEvents(app, impression('demo-user-1', await served(app, 'demo-user-1')))
  await admin(app, 'POST', '/faults', { route: 'metadata', status: 500 })
  await admin(app, 'PUT', '/clock', { now: '2030-01-01T00:00:00Z' })
  await admin(app, 'PUT', '/fixtures', fixtureFile())
  t.equal((await admin(app, 'POST', '/reset')).body.status, 'reset')
  t.strictSame((await admin(app, 'GET', '/events')).body.events, [])
  t.strictSame((await admin(app, 'GET', '/requests')).body.requests, [])
  t.strictSame((await admin(app, 'GET', '/faults')).body.faults, [])
  t.equal((await admin(app, 'GET', '/clock')).body.clock, 'system')
  t.equal((await fetchExperiences(app, {})).statusCode, 200, 'demo fixtures back; the rate counter starts again')
})

t.test('faults: a vendor-shaped error, a custom body, times, route and workspace matching', async (t) => {
  const app = await demoServer(t)
  const added = await admin(app, 'POST', '/faults', { route: 'fetch', status: 500, times: 2 })
  t.equal(added.status, 201)
  t.match(added.body, { id: 1, applied: 0, remaining: 2 })
  await admin(app, 'POST', '/faults', { route: 'metadata', workspace: 'SOMEONE_ELSE', status: 503 })
  await admin(app, 'POST', '/faults', { route: 'events', status: 418, body: { custom: true } })
  const first = await fetchExperiences(app, {})
  t.equal(first.statusCode, 500)
  t.strictSame(first.json(), { title: '500 Internal Server Error', description: 'The server ran into an unexpected error. Retry with exponential backoff.' })
  t.equal((await fetchExperiences(app, {})).statusCode, 500)
  t.equal((await fetchExperiences(app, {})).statusCode, 200, 'times: 2 then gone')
  t.equal((await app.inject({ method: 'GET', url: '/v1/experiences/metadata', headers: authHeaders() })).statusCode, 200, 'another workspace\'s fault')
  const custom = await trackEvents(app, impression('c', await served(app, 'c')))
  t.equal(custom.statusCode, 418)
  t.strictSame(custom.json(), { custom: true })
  t.equal((await admin(app, 'GET', '/requests')).body.requests[0].fault, 1)
  t.strictSame((await admin(app, 'GET', '/faults')).body.faults.map((f: { id: number }) => f.id), [2, 3])
  t.strictSame((await admin(app, 'DELETE', '/faults')).body, { faults: [] })
  t.equal((await trackEvents(app, impression('c', await served(app, 'c')))).statusCode, 200)
})

t.test('a fault of any status answers that status in the envelope', async (t) => {
  const app = await demoServer(t)
  for (const [status, title] of [[503, '503 Service Unavailable'], [429, '429 Too Many Requests'], [401, 'Authentication required'], [422, '422 Unprocessable Entity']] as const) {
    await admin(app, 'POST', '/faults', { route: 'fetch', status, times: 1 })
    const res = await fetchExperiences(app, {})
    t.equal(res.statusCode, status)
    t.equal(res.json().title, title)
    t.strictSame(violations('error.schema.json', res.json()), [])
  }
})

t.test('one fault is removed by its id; the others stay, and an id not active is a 404', async (t) => {
  const app = await demoServer(t)
  await admin(app, 'POST', '/faults', { route: 'fetch', status: 500 })
  await admin(app, 'POST', '/faults', { route: 'metadata', status: 503 })
  const removed = await admin(app, 'DELETE', '/faults/1')
  t.equal(removed.status, 200)
  t.strictSame(removed.body.faults.map((f: { id: number }) => f.id), [2], 'the faults left')
  t.equal((await fetchExperiences(app, {})).statusCode, 200, 'fetch is answered normally again')
  t.equal((await admin(app, 'DELETE', '/faults/1')).status, 404, 'already removed')
  t.equal((await admin(app, 'DELETE', '/faults/x')).status, 400, 'not an id')
  t.strictSame((await admin(app, 'GET', '/faults')).body.faults.map((f: { id: number }) => f.id), [2])
})

t.test('faults: auth still comes first, and a delay holds the answer until it ends', async (t) => {
  const app = await demoServer(t)
  // Two minutes, as long as tap gives the file: the test ends the delay itself by closing the server, which cuts
  // injected delays short.
  await admin(app, 'POST', '/faults', { status: 502, delay_ms: 1, times: 1 })
  t.equal((await fetchExperiences(app, {})).statusCode, 502, 'a short delay runs out by itself')
  await admin(app, 'POST', '/faults', { status: 500, delay_ms: 120_000 })
  t.equal((await fetchExperiences(app, {}, { ...authHeaders(), authorization: basic(DEMO.id, 'x') })).statusCode, 401, 'bad credentials are refused without the delay')
  let answered = false
  const held = fetchExperiences(app, {}).then((res) => { answered = true; return res })
  await until(async () => (await admin(app, 'GET', '/faults')).body.faults.find((f: { rule: { status: number } }) => f.rule.status === 500)?.applied === 1)
  t.notOk(answered, 'the request the fault applies to waits')
  await app.close()
  t.equal((await held).statusCode, 500, 'and is answered with the fault\'s status once the delay ends')
})

t.test('faults: many requests held by one delay at once print no warning', async (t) => {
  const app = await demoServer(t)
  const warnings: string[] = []
  // Only this warning: the area's other test files share the process, and their warnings are not this test's.
  const onWarning = (w: Error): void => { if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message) }
  process.on('warning', onWarning)
  t.teardown(() => { process.off('warning', onWarning) })
  await admin(app, 'POST', '/faults', { status: 500, delay_ms: 120_000 })
  const held = Array.from({ length: 20 }, async () => await fetchExperiences(app, {}))
  await until(async () => (await admin(app, 'GET', '/faults')).body.faults[0]?.applied === 20)
  await app.close()
  t.strictSame((await Promise.all(held)).map((res) => res.statusCode), Array(20).fill(500), 'each is answered once the delay ends')
  await new Promise((resolve) => setImmediate(resolve))
  t.strictSame(warnings, [], 'Node warns of no listener leak')
})

t.test('faults with a probability fire the same way for the same seed', async (t) => {
  const pattern = async (t: Test) => {
    const app = await demoServer(t)
    await admin(app, 'POST', '/faults', { status: 500, probability: 0.5, seed: 42 })
    const out: number[] = []
    for (let i = 0; i < 40; i++) out.push((await fetchExperiences(app, {})).statusCode)
    return out
  }
  const a = await pattern(t)
  const b = await pattern(t)
  t.strictSame(a, b)
  const failures = a.filter((s) => s === 500).length
  t.ok(failures > 8 && failures < 32, `${failures} of 40 failed at p=0.5`)
})

t.test('invalid fault and clock bodies are refused in the envelope', async (t) => {
  const app = await demoServer(t)
  const bad = await admin(app, 'POST', '/faults', { route: 'checkout', status: 500 })
  t.equal(bad.status, 400)
  t.strictSame(bad.body, { title: 'Invalid admin request', description: 'route - Enum doesnt allow value: checkout, allowed values: [fetch, metadata, events, explain]' })
  t.equal((await admin(app, 'POST', '/faults', { status: 200 })).status, 400)
  t.equal((await admin(app, 'PUT', '/clock', { now: '2030-01-01T00:00:00' })).status, 400, 'an instant needs its offset')
  t.equal((await admin(app, 'PUT', '/clock', { now: 'soon' })).status, 400)
  t.equal((await admin(app, 'PUT', '/clock', {})).status, 400)
})

t.test('the clock: schedules and the default day and hour follow it; DELETE goes back to real time', async (t) => {
  const doc = fixtureFile(workspace({
    experiences: [
      experience('june-only', { schedule: { start: '2030-06-01T00:00', end: '2030-07-01T00:00' } }),
      experience('sundays-only', { audiences: [{ id: 'S1', name: 'Sundays', conditions: { field: 'day_of_week', operator: 'in', value: ['Sunday'] }, variations: [{ weight: 100, payload: {} }] }] })
    ]
  }))
  const app = await serverFor(t, doc)
  const keys = async () => Object.keys((await fetchExperiences(app, {}, authHeaders({ id: 'WS_ONE', key: 'key-one' }))).json().experiences)
  t.strictSame((await admin(app, 'PUT', '/clock', { now: '2030-06-02T10:00:00Z' })).body, { now: '2030-06-02T10:00:00.000Z', clock: 'fixed' })
  t.strictSame(await keys(), ['june-only', 'sundays-only'], '2030-06-02 is a Sunday in June')
  await admin(app, 'PUT', '/clock', { advance_ms: 86_400_000 })
  t.strictSame(await keys(), ['june-only'])
  await admin(app, 'PUT', '/clock', { advance_ms: 30 * 86_400_000 })
  t.strictSame(await keys(), [])
  const released = await admin(app, 'DELETE', '/clock')
  t.equal(released.body.clock, 'system')
})

t.test('the rate limit: over N fetches a minute, 429 with Retry-After, per workspace; off means none', async (t) => {
  const doc = fixtureFile(workspace(), workspace({ id: 'WS_TWO', personalize_api_key: 'key-two' }))
  const app = await serverFor(t, doc, { rateLimit: 3 })
  const one = authHeaders({ id: 'WS_ONE', key: 'key-one' })
  for (let i = 0; i < 3; i++) t.equal((await fetchExperiences(app, {}, one)).statusCode, 200)
  const limited = await fetchExperiences(app, {}, one)
  t.equal(limited.statusCode, 429)
  t.strictSame(limited.json(), { title: '429 Too Many Requests', description: 'The rate limit of this workspace is exceeded. Retry after the number of seconds in Retry-After.' })
  t.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 60, `Retry-After ${String(limited.headers['retry-after'])}`)
  t.equal((await fetchExperiences(app, {}, authHeaders({ id: 'WS_TWO', key: 'key-two' }))).statusCode, 200, 'another workspace has its own budget')
  t.equal((await app.inject({ method: 'GET', url: '/v1/experiences/metadata', headers: one })).statusCode, 200, 'metadata is not limited')
  const unlimited = await serverFor(t, doc, { rateLimit: false })
  for (let i = 0; i < 20; i++) t.equal((await fetchExperiences(unlimited, {}, one)).statusCode, 200)
})

t.test('the admin API answers only on loopback, unless an admin token is configured', async (t) => {
  const app = await demoServer(t)
  const remote = await app.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '10.1.2.3' })
  t.equal(remote.statusCode, 403)
  t.strictSame(remote.json(), { title: '403 Forbidden', description: 'The admin API answers only on loopback, or to the admin token the mock was started with, and never to another web site.' })
  t.equal((await app.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '::1' })).statusCode, 200)
  const guarded = await demoServer(t, { adminToken: 'correct-horse' })
  t.equal((await guarded.inject({ method: 'GET', url: '/__admin/health' })).statusCode, 403, 'even loopback needs the token then')
  t.equal((await guarded.inject({ method: 'GET', url: '/__admin/health', headers: { 'x-admin-token': 'wrong-horse' } })).statusCode, 403)
  t.equal((await guarded.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '10.1.2.3', headers: { 'x-admin-token': 'correct-horse' } })).statusCode, 200)
})

t.test('the admin API refuses web pages: another Origin, cross-site fetches, non-JSON bodies, a rebound Host', async (t) => {
  const app = await demoServer(t)
  const refused = [
    { method: 'POST', url: '/__admin/reset', headers: { origin: 'https://evil.example' } },
    { method: 'POST', url: '/__admin/reset', headers: { origin: 'null' } },
    { method: 'GET', url: '/__admin/fixtures', headers: { 'sec-fetch-site': 'cross-site' } },
    { method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'text/plain' }, payload: '{"status":500}' },
    { method: 'GET', url: '/__admin/fixtures', headers: { host: 'attacker.example:4010' } }
  ] as const
  for (const req of refused) {
    const res = await app.inject(req)
    t.equal(res.statusCode, 403, JSON.stringify(req.headers))
  }
  t.strictSame((await admin(app, 'GET', '/faults')).body.faults, [], 'nothing was added')
  for (const origin of ['http://localhost:3000', 'http://127.0.0.1:4010', 'http://[::1]:8080']) {
    t.equal((await app.inject({ method: 'GET', url: '/__admin/health', headers: { origin } })).statusCode, 200, origin)
  }
  t.equal((await app.inject({ method: 'GET', url: '/__admin/health', headers: { host: '127.0.0.1:4010' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '::ffff:127.0.0.1' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '10.0.0.9', headers: { 'x-forwarded-for': '127.0.0.1' } })).statusCode, 403, 'X-Forwarded-For is not trusted')
})

t.test('the request journal redacts credential headers and masks API keys in paths and bodies', async (t) => {
  const app = await demoServer(t)
  await app.inject({ method: 'POST', url: `/v1/experiences/fetch?key=${DEMO.key}`, headers: { ...authHeaders(), cookie: 'session=s3cr3t', 'proxy-authorization': 'Basic cHJveHk6cHc=', 'x-admin-token': 'tok-tok-tok' }, payload: JSON.stringify({ note: `my key is ${DEMO.key}` }) })
  const [entry] = (await admin(app, 'GET', '/requests')).body.requests
  t.match(entry.headers, { authorization: '[redacted]', cookie: '[redacted]', 'proxy-authorization': '[redacted]', 'x-admin-token': '[redacted]', 'moe-appkey': DEMO.id })
  t.equal(entry.path, '/v1/experiences/fetch?key=[redacted]')
  t.equal(entry.body, '{"note":"my key is [redacted]"}')
  t.notMatch(JSON.stringify(entry), DEMO.key)
  t.notMatch(JSON.stringify(entry), 's3cr3t')
})

t.test('API keys stay masked in the request journal after the fixtures that held them are replaced', async (t) => {
  const app = await demoServer(t)
  await app.inject({ method: 'POST', url: '/v1/experiences/fetch', headers: authHeaders(), payload: JSON.stringify({ note: `old key ${DEMO.key}` }) })
  const doc = structuredClone(app.mock.fixtures.current.document)
  doc.workspaces[0]!.personalize_api_key = 'a-brand-new-key'
  t.equal((await admin(app, 'PUT', '/fixtures', doc)).status, 200)
  const { requests } = (await admin(app, 'GET', '/requests')).body
  t.equal(requests[0].body, '{"note":"old key [redacted]"}')
  t.notMatch(JSON.stringify(requests), DEMO.key)
})

t.test('the context check knows every id a fetch carried, and forgets everything on reset', async (t) => {
  const app = await demoServer(t)
  const viaIdentifier = (await fetchExperiences(app, { identifiers: { customer_id: 'app-side-id-77', user_identifiers: { u_em: 'ada@example.com' } }, experience_key: ['homepage-banner'] })).json().experiences['homepage-banner'].experience_context
  for (const customer of ['app-side-id-77', 'demo-user-1', 'ada@example.com']) await trackEvents(app, impression(customer, viaIdentifier))
  t.strictSame((await admin(app, 'GET', '/events')).body.events.map((e: { context_check: string }) => e.context_check), ['ok', 'ok', 'ok'])
  await admin(app, 'POST', '/reset')
  await trackEvents(app, impression('demo-user-1', viaIdentifier))
  t.strictSame((await admin(app, 'GET', '/events')).body.events.map((e: { context_check: string }) => e.context_check), ['unknown_cid'])
})

t.test('an anonymous fetch lets any customer report that answer; a known customer is held to their own', async (t) => {
  const app = await demoServer(t)
  const anonymous = (await fetchExperiences(app, { experience_key: ['homepage-banner'] })).json().experiences['homepage-banner'].experience_context
  await trackEvents(app, impression('session-abc', anonymous))
  const known = await served(app, 'demo-user-2')
  const other = known.moe_variation_id === '1' ? '2' : '1'
  await trackEvents(app, impression('demo-user-2', { ...known, moe_variation_id: other, cid: known.cid.replace(/_AB_\d+_/, `_AB_${other}_`) }))
  t.strictSame((await admin(app, 'GET', '/events')).body.events.map((e: { context_check: string }) => e.context_check), ['ok', 'variation_mismatch'])
})

t.test('fault edge cases: probability 0 never fires, 1 always does; a 429 carries Retry-After; an empty fault is refused', async (t) => {
  const app = await demoServer(t)
  await admin(app, 'POST', '/faults', { route: 'metadata', status: 500, probability: 0 })
  await admin(app, 'POST', '/faults', { route: 'fetch', status: 429, probability: 1 })
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/experiences/metadata', headers: authHeaders() })).statusCode, 200)
  const limited = await fetchExperiences(app, {})
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['retry-after'], '1')
  t.equal((await admin(app, 'POST', '/faults', {})).status, 400, 'a fault that would do nothing')
  t.equal((await admin(app, 'POST', '/faults', { body: { a: 1 } })).status, 400, 'a body without a status')
  const forbidden = await admin(app, 'POST', '/faults', { route: 'metadata', status: 403, times: 1 })
  t.equal(forbidden.status, 201)
  t.strictSame((await app.inject({ method: 'GET', url: '/v1/experiences/metadata', headers: authHeaders() })).json(), { title: '403 Forbidden', description: 'The request was refused.' }, 'not the admin API\'s wording')
})

t.test('the clock refuses impossible times and keeps its setting', async (t) => {
  const app = await demoServer(t)
  await admin(app, 'PUT', '/clock', { now: '2030-01-01T00:00:00Z' })
  for (const body of [{ advance_ms: 1e17 }, { now: '2030-02-30T00:00:00Z' }, { now: '2030-01-01' }, { now: 'Tue, 01 Jan 2030 00:00:00 GMT' }]) {
    t.equal((await admin(app, 'PUT', '/clock', body)).status, 400, JSON.stringify(body))
  }
  t.strictSame((await admin(app, 'GET', '/clock')).body, { now: '2030-01-01T00:00:00.000Z', clock: 'fixed' })
  t.equal((await admin(app, 'GET', '/health')).status, 200)
  t.strictSame((await admin(app, 'PUT', '/clock', { now: '2030-01-01T05:30:00+05:30' })).body.now, '2030-01-01T00:00:00.000Z')
})

t.test('a repeated event filter is refused rather than ignored', async (t) => {
  const app = await demoServer(t)
  t.equal((await admin(app, 'GET', '/events?workspace=a&workspace=b')).status, 400)
})
