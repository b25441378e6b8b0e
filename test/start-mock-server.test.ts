// startMockServer(): isolated instances over real sockets, driven through the typed clients.
import t from 'tap'
import { startMockServer } from '../src/server/start.js'
import { AdminApiError, PersonalizeNetworkError, buildEvent, SHOWN } from '../src/client/index.js'
import { experience, fixtureFile, workspace } from './helpers/fixtures.js'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { until } from './helpers/wait.js'

t.test('it starts on a free port with the demo fixtures and gives the URLs and credentials', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(mock.baseUrl, `${mock.url}/v1`)
  t.strictSame(mock.workspaces, [{ id: 'DEMO_WORKSPACE', apiKey: 'demo-personalize-key' }])
  t.equal((await mock.admin.health()).status, 'ok')
  t.ok((await mock.client().fetchExperiences({ experience_key: ['homepage-banner'] })).experiences['homepage-banner'])
})

t.test('fixtures can be a document or compiled fixtures, not only a file', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('from-a-document')] }))
  const a = await startMockServer({ fixtures: doc })
  const b = await startMockServer({ fixtures: loadFixtureDocument(doc, 'compiled') })
  t.teardown(async () => { await a.close(); await b.close() })
  for (const m of [a, b]) t.ok((await m.client('WS_ONE').fetchExperiences({})).experiences['from-a-document'])
  t.throws(() => a.client('NOPE'), /no workspace NOPE/)
})

t.test('two instances share nothing: journals, faults, clock and fixtures are per instance', async (t) => {
  const a = await startMockServer()
  const b = await startMockServer()
  t.teardown(async () => { await a.close(); await b.close() })
  const served = (await a.client().fetchExperiences({ identifiers: { customer_id: 'u1' }, experience_key: ['homepage-banner'] })).experiences['homepage-banner']!
  await a.client().trackEvents({ elements: [buildEvent({ customerId: 'u1', context: served.experience_context, action: SHOWN })] })
  await a.admin.addFault({ route: 'metadata', status: 503 })
  await a.admin.setClock({ now: '2031-01-01T00:00:00Z' })
  t.equal((await a.admin.events()).events.length, 1)
  t.equal((await b.admin.events()).events.length, 0)
  t.match(await a.client().getMetadata().catch((e: unknown) => e), { status: 503 })
  t.equal((await b.client().getMetadata()).metadata.count > 0, true)
  t.equal((await b.admin.clock()).clock, 'system')
})

t.test('the admin client: a reported impression is checked against what was served', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  const client = mock.client()
  const { experiences } = await client.fetchExperiences({ identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })
  const context = experiences['homepage-banner']!.experience_context
  await client.trackEvents({ elements: [buildEvent({ customerId: 'demo-user-1', context, action: SHOWN })] })
  const [event] = (await mock.admin.events({ customer_id: 'demo-user-1' })).events
  t.match(event, { experience_key: 'homepage-banner', context_check: 'ok', attributes: context })
  const requests = (await mock.admin.requests()).requests
  t.strictSame(requests.map((r) => r.path), ['/v1/experiences/fetch', '/v1/experiences/events'])
})

t.test('the admin client surfaces refused fixtures with their pointers; the old set keeps serving', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  const err = await mock.admin.putFixtures({ workspaces: [] } as never).catch((e: unknown) => e)
  t.ok(err instanceof AdminApiError)
  t.match((err as AdminApiError).problems, [{ pointer: '/workspaces', message: 'must NOT have fewer than 1 items' }])
  t.equal((await mock.client().getMetadata()).metadata.experiences[0]?.experience_key, 'homepage-banner')
  t.strictSame((await mock.admin.putWorkspace('EXTRA', { personalize_api_key: 'extra-key', experiences: [] })).workspaces, ['DEMO_WORKSPACE', 'EXTRA'])
  t.equal((await mock.admin.getFixtures()).workspaces.length, 2)
  await mock.admin.reset()
  t.equal((await mock.admin.getFixtures()).workspaces.length, 1)
})

t.test('a reset_connection fault drops the socket: the client sees a network error', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  await mock.admin.addFault({ route: 'fetch', reset_connection: true, times: 1 })
  const err = await mock.client().fetchExperiences({}).catch((e: unknown) => e)
  t.ok(err instanceof PersonalizeNetworkError, String(err))
  t.ok(await mock.client().fetchExperiences({}), 'the next request is answered')
  t.equal((await mock.admin.requests()).requests[0]?.status, 0, 'journaled with status 0')
  const retried = await startMockServer()
  t.teardown(() => retried.close())
  await retried.admin.addFault({ route: 'fetch', reset_connection: true, times: 1 })
  t.ok(await retried.client(undefined, { retries: 1, baseDelayMs: 1 }).fetchExperiences({}), 'a client with retries gets through')
})

t.test('clock injected at start drives schedules until the admin API changes it', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('new-year-only', { schedule: { start: '2031-01-01T00:00', end: '2031-01-02T00:00' } })] }))
  const mock = await startMockServer({ fixtures: doc, clock: () => new Date('2031-01-01T12:00:00Z') })
  t.teardown(() => mock.close())
  t.ok((await mock.client().fetchExperiences({})).experiences['new-year-only'])
  await mock.admin.setClock({ now: '2031-02-01T00:00:00Z' })
  t.strictSame((await mock.client().fetchExperiences({})).experiences, {})
  await mock.admin.releaseClock()
  t.ok((await mock.client().fetchExperiences({})).experiences['new-year-only'], 'back to the injected clock')
})

t.test('close() does not wait for a delayed request in flight, which is answered rather than cut', async (t) => {
  const mock = await startMockServer()
  // Two minutes, as long as tap gives the whole file: a close() that waited the delay out would never end in time.
  await mock.admin.addFault({ route: 'fetch', delay_ms: 120_000 })
  let closing = false
  const pending = mock.client().fetchExperiences({}).then((answer) => ({ answer, afterClose: closing }), (e: unknown) => ({ answer: e, afterClose: closing }))
  // In flight once the server has applied the delay to it.
  await until(async () => (await mock.admin.faults()).faults[0]?.applied === 1)
  closing = true
  await mock.close()
  const { answer, afterClose } = await pending
  t.match(answer, { experiences: { 'homepage-banner': { experience_context: { audience_id: '5A' } } } }, 'the delay ends early and the request is answered')
  t.ok(afterClose, 'answered once close() had begun')
})

t.test('a bad rateLimit option is refused', async (t) => {
  for (const rateLimit of [0, -1, Number.NaN, 1.5]) {
    await t.rejects(startMockServer({ rateLimit }), /rateLimit must be a positive whole number/)
  }
})
