// The vendor's Test environment: MOE-APPKEY <id>_DEBUG reaches the same workspace's experiences, with its own users,
// event journal, served log and rate-limit window. Nothing sent to one environment changes the other.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { authHeaders, basic, DEMO, demoServer, fetchExperiences, getMetadata, serverFor, trackEvents } from './helpers/server.js'
import { fixtureFile, problemsOf, workspace } from './helpers/fixtures.js'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { startMockServer } from '../src/server/start.js'
import type { FixtureFile } from '../src/generated/types.js'
import { readFileSync } from 'node:fs'
import { violations } from './helpers/schemas.js'

const TEST_KEY = `${DEMO.id}_DEBUG`

/** A Test client's headers: the Test app key, with the workspace id (or the Test app key) as the Basic user name. */
const testHeaders = (user: string = DEMO.id): Record<string, string> => ({ ...authHeaders(DEMO), 'moe-appkey': TEST_KEY, authorization: basic(user, DEMO.key) })
const demoDoc = JSON.parse(readFileSync(new URL('../fixtures/demo.json', import.meta.url), 'utf8')) as FixtureFile

function impression (customerId: string, context: Record<string, unknown>, userAttributes?: Record<string, unknown>): { elements: unknown[] } {
  return {
    elements: [{
      customer_id: customerId,
      ...(userAttributes === undefined ? {} : { user_attributes: userAttributes }),
      actions: [{ action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: randomUUID(), event_time: 1725258666, platform: 'web', attributes: context }]
    }]
  }
}

async function served (app: FastifyInstance, body: Record<string, unknown>, headers: Record<string, string>): Promise<Record<string, { experience_context: Record<string, string> }>> {
  const res = await fetchExperiences(app, body, headers)
  return res.json().experiences
}

t.test('MOE-APPKEY <id>_DEBUG with the workspace\'s credentials reaches the same experiences, with either user name', async (t) => {
  const app = await demoServer(t)
  const ask = { identifiers: { customer_id: 'visitor-5' }, experience_key: ['homepage-banner', 'checkout-reassurance'] }
  const live = await served(app, ask, authHeaders())
  for (const user of [DEMO.id, TEST_KEY]) {
    const res = await fetchExperiences(app, ask, testHeaders(user))
    t.equal(res.statusCode, 200, `Basic user ${user}`)
    t.strictSame(res.json().experiences, live, 'the same experiences, variations and contexts')
  }
  t.strictSame((await getMetadata(app, '', testHeaders())).json(), (await getMetadata(app)).json())
})

t.test('the Test app key is refused like any: a wrong key is 401, an unknown workspace 400, and Live never takes the _DEBUG user name', async (t) => {
  const app = await demoServer(t)
  t.equal((await fetchExperiences(app, {}, { ...testHeaders(), authorization: basic(DEMO.id, 'not-the-key') })).statusCode, 401)
  t.equal((await fetchExperiences(app, {}, { ...testHeaders(), authorization: basic('OTHER', DEMO.key) })).statusCode, 401)
  const unknown = await fetchExperiences(app, {}, { ...testHeaders(), 'moe-appkey': 'NO_SUCH_WORKSPACE_DEBUG' })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().title, 'Request Error')
  t.equal((await fetchExperiences(app, {}, { ...testHeaders(), 'moe-appkey': '_DEBUG' })).statusCode, 400, 'a suffix alone names no workspace')
  t.equal((await fetchExperiences(app, {}, { ...authHeaders(), authorization: basic(TEST_KEY, DEMO.key) })).statusCode, 401)
})

t.test('Test has its own users: the fixture users are Live\'s, test_users are Test\'s', async (t) => {
  const doc = structuredClone(demoDoc)
  doc.workspaces[0]!.test_users = [{ customer_id: 'qa-user', attributes: { plan: 'pro' }, segments: ['frequent-buyers'] }]
  const app = await serverFor(t, doc)
  const explain = async (customerId: string, headers: Record<string, string>) =>
    (await app.inject({ method: 'POST', url: '/__mock/explain', headers, payload: { identifiers: { customer_id: customerId }, experience_key: ['loyalty-offer'] } })).json()
  t.match((await explain('demo-user-1', authHeaders())).visitor, { environment: 'live', resolved_by: 'customer_id', source: 'fixtures' })
  t.match((await explain('demo-user-1', testHeaders())).visitor, { environment: 'test', resolved_by: 'none', customer_id: null })
  t.match((await explain('qa-user', testHeaders())).visitor, { environment: 'test', resolved_by: 'customer_id', customer_id: 'qa-user' })
  t.match((await explain('qa-user', authHeaders())).visitor, { environment: 'live', resolved_by: 'none' })
  t.strictSame(Object.keys(await served(app, { identifiers: { customer_id: 'qa-user' }, experience_key: ['loyalty-offer'] }, testHeaders())), ['loyalty-offer'])
})

t.test('events sent to Test create and change Test users only, and land in Test\'s journal; the reverse holds too', async (t) => {
  const app = await demoServer(t)
  const welcome = { identifiers: { customer_id: 'qa-1' }, experience_key: ['new-customer-welcome'] }
  const context = (await served(app, { identifiers: { customer_id: 'qa-1' }, experience_key: ['homepage-banner'] }, testHeaders()))['homepage-banner']!.experience_context
  t.equal((await trackEvents(app, impression('qa-1', context, { lifetime_orders: 0 }), testHeaders())).statusCode, 200)
  t.strictSame(Object.keys(await served(app, welcome, testHeaders())), ['new-customer-welcome'], 'Test sees the user its event made')
  t.strictSame(Object.keys(await served(app, welcome, authHeaders())), [], 'Live does not')
  const read = async (query: string) => (await app.inject({ method: 'GET', url: `/__admin/users/qa-1${query}` })).statusCode
  t.equal(await read('?environment=test'), 200)
  t.equal(await read(''), 404)

  const journal = async (environment: string) => (await app.inject({ method: 'GET', url: `/__admin/events?environment=${environment}` })).json().events
  const testEvents = await journal('test')
  t.strictSame(violations('admin.schema.json#/definitions/EventsJournal', { events: testEvents, last_seq: 1, evicted: {}, cap: 1 }), [])
  t.match(testEvents, [{ workspace: DEMO.id, environment: 'test', customer_id: 'qa-1', context_check: 'ok' }])
  t.strictSame(await journal('live'), [])

  t.equal((await trackEvents(app, impression('demo-user-2', context, { lifetime_orders: 9 }))).statusCode, 200)
  t.match((await app.inject({ method: 'GET', url: '/__admin/users/demo-user-2' })).json(), { source: 'fixtures and events', attributes: { lifetime_orders: 9 } })
  t.equal((await app.inject({ method: 'GET', url: '/__admin/users/demo-user-2?environment=test' })).statusCode, 404, 'a Live event leaves Test alone')
  t.match(await journal('live'), [{ environment: 'live', customer_id: 'demo-user-2', context_check: 'unknown_cid' }], 'Live never served that context')
  t.equal((await app.inject({ method: 'GET', url: '/__admin/events' })).json().events.length, 2, 'without a filter, both')
})

t.test('each environment has its own served log: an impression reported to Test of what only Live served is an unknown cid', async (t) => {
  const app = await demoServer(t)
  const context = (await served(app, { identifiers: { customer_id: 'visitor-3' }, experience_key: ['homepage-banner'] }, authHeaders()))['homepage-banner']!.experience_context
  t.equal((await trackEvents(app, impression('visitor-3', context), testHeaders())).statusCode, 200)
  t.equal((await trackEvents(app, impression('visitor-3', context))).statusCode, 200)
  const checks = (await app.inject({ method: 'GET', url: '/__admin/events' })).json().events.map((e: { environment: string, context_check: string }) => [e.environment, e.context_check])
  t.strictSame(checks, [['test', 'unknown_cid'], ['live', 'ok']])
})

t.test('each environment has its own rate-limit window', async (t) => {
  const app = await demoServer(t, { rateLimit: 2 })
  for (let i = 0; i < 2; i++) t.equal((await fetchExperiences(app, {})).statusCode, 200)
  t.equal((await fetchExperiences(app, {})).statusCode, 429, 'Live is over its limit')
  t.equal((await fetchExperiences(app, {}, testHeaders())).statusCode, 200, 'Test still has its own')
})

t.test('the request journal says which environment each request reached; a fault can aim at one environment', async (t) => {
  const app = await demoServer(t)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/faults', payload: { route: 'fetch', environment: 'test', status: 503 } })).statusCode, 201)
  t.equal((await fetchExperiences(app, {}, testHeaders())).statusCode, 503)
  t.equal((await fetchExperiences(app, {})).statusCode, 200)
  t.equal((await fetchExperiences(app, {}, { ...testHeaders(), 'moe-appkey': 'NOPE' })).statusCode, 400)
  const requests = (await app.inject({ method: 'GET', url: '/__admin/requests' })).json().requests
  t.strictSame(requests.map((r: { workspace: string, environment?: string, status: number }) => [r.workspace, r.environment, r.status]),
    [[TEST_KEY, 'test', 503], [DEMO.id, 'live', 200], ['NOPE', undefined, 400]])
})

t.test('a fixture workspace named like another\'s Test app key is refused', async (t) => {
  const doc = fixtureFile(workspace(), workspace({ id: 'WS_ONE_DEBUG', personalize_api_key: 'key-two' }))
  t.strictSame(problemsOf(() => loadFixtureDocument(doc, 'two.json')), [
    { file: 'two.json', pointer: '/workspaces/1/id', message: 'workspace id "WS_ONE_DEBUG" is the app key of the Test environment of workspace "WS_ONE" (MOE-APPKEY WS_ONE_DEBUG); give its users as that workspace\'s test_users, or rename it' }
  ])
  t.doesNotThrow(() => loadFixtureDocument(fixtureFile(workspace({ id: 'ONLY_DEBUG' })), 'one.json'), 'alone, such an id is an ordinary workspace')
})

t.test('test_users are checked like users', async (t) => {
  const doc = fixtureFile(workspace({ test_users: [{ customer_id: 'q' }, { customer_id: 'q' }, { customer_id: 'r', assignments: { 'no-such-key': { served: false } } }] }))
  t.match(problemsOf(() => loadFixtureDocument(doc, 'f.json')), [
    { pointer: '/workspaces/0/test_users/1/customer_id', message: /^duplicate customer_id "q"/ },
    { pointer: '/workspaces/0/test_users/2/assignments/no-such-key', message: 'no experience has the key "no-such-key" in this workspace' }
  ])
})

t.test('startMockServer hands back a Test client for <id>_DEBUG', async (t) => {
  const mock = await startMockServer({ rateLimit: false })
  t.teardown(() => mock.close())
  const context = (await mock.client(TEST_KEY).fetchExperiences({ identifiers: { customer_id: 'qa-2' }, experience_key: ['homepage-banner'] })).experiences['homepage-banner']!.experience_context
  await mock.client(TEST_KEY).trackEvents(impression('qa-2', context) as never)
  t.match((await mock.admin.events({ environment: 'test' })).events, [{ customer_id: 'qa-2', environment: 'test', context_check: 'ok' }])
  t.strictSame((await mock.admin.events({ environment: 'live' })).events, [])
})
