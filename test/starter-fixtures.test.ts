// Starter fixtures from a recording: they validate like any fixture file, and served through the mock they give
// every recorded user exactly what the recording says they got; what cannot be observed is a placeholder.
import t, { type Test } from 'tap'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import type { FetchResponse, FixtureFile, Recording } from '../src/generated/types.js'
import { fixturesFromRecording, STARTER_API_KEY, type StarterConflict } from '../src/record/starter-fixtures.js'
import { startMockServer } from '../src/server/start.js'
import { call, recordingSession, VISITS, type Call } from './helpers/recording.js'
import { authHeaders, basic, DEMO } from './helpers/server.js'
import { violations } from './helpers/schemas.js'

/** Visitors of every kind: served, held out, anonymous, identified only by email, with and without keys. */
const CALLS: Call[] = [
  ...VISITS,
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-2' }, experience_key: ['new-customer-welcome', 'cart-upsell', 'no-such-experience'] } },
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'visitor-12' }, experience_key: ['mobile-app-promo'], USER_AGENT: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' } },
  { path: '/experiences/fetch', body: { identifiers: { user_identifiers: { u_em: 'only-email@example.com' } }, experience_key: ['homepage-banner'] } },
  { path: '/experiences/fetch', body: { experience_key: ['homepage-banner'] } }
]

async function recorded (t: Test): Promise<{ recording: Recording, starter: FixtureFile, conflicts: StarterConflict[] }> {
  const s = await recordingSession(t)
  for (const c of CALLS) await call(s.proxy, c)
  const recording = (await s.recording())
  const { fixtures, conflicts } = fixturesFromRecording(recording, { apiKey: DEMO.key })
  return { recording, starter: fixtures, conflicts }
}

const experiencesOf = (body: unknown): FetchResponse['experiences'] => (body as FetchResponse).experiences

t.test('starter fixtures validate against the fixture schema and load', async (t) => {
  const { starter } = await recorded(t)
  t.strictSame(violations('fixtures.schema.json', starter), [])
  t.doesNotThrow(() => loadFixtureDocument(starter, 'starter'))
})

t.test('a user served in one visit and not in another is a conflict: the assignment keeps the variation served', async (t) => {
  const { starter, conflicts } = await recorded(t)
  // demo-user-1 got email-landing-banner with utm_medium=email (VISITS[0]) and nothing without it (VISITS[4]).
  t.strictSame(conflicts, [{ workspace: DEMO.id, customer_id: 'demo-user-1', experience_key: 'email-landing-banner', seen: ['audience 1E, variation 1', 'nothing'], kept: 'audience 1E, variation 1' }])
  t.match(starter.description, /1 user and experience pair\(s\) got different answers in different calls/)
  t.match(starter.workspaces[0]!.users?.[0], { customer_id: 'demo-user-1', assignments: { 'email-landing-banner': { audience_id: '1E', variation_id: '1' } } })
})

t.test('served through the mock, they give every recorded user what the recording says', async (t) => {
  const { recording, starter, conflicts } = await recorded(t)
  const mock = await startMockServer({ fixtures: starter, rateLimit: false })
  t.teardown(() => mock.close())
  const fetches = recording.interactions.filter((x) => x.request.path === '/v1/experiences/fetch' && x.response.status === 200)
  t.equal(fetches.length, CALLS.filter((c) => c.path === '/experiences/fetch').length)
  let identified = 0
  for (const x of fetches) {
    const body = x.request.body as { identifiers?: object }
    if (body.identifiers === undefined) continue
    identified++
    const again = experiencesOf((await call(mock.baseUrl, { path: '/experiences/fetch', body })).json())
    const expected = { ...experiencesOf(x.response.body) }
    // A conflict is reproduced in the visit that was served (checked above); elsewhere the assignment serves it.
    const customer = (body.identifiers as { customer_id?: string }).customer_id
    for (const c of conflicts) if (c.customer_id === customer && !(c.experience_key in expected)) delete again[c.experience_key]
    t.same(again, expected, `the same answer for ${JSON.stringify(body.identifiers)}`)
  }
  t.equal(identified, fetches.length - 1, 'every identified visitor was checked')
  // What was recorded includes users who got nothing (the global control group) and partial answers.
  const served = (x: typeof fetches[number]) => Object.keys(experiencesOf(x.response.body))
  t.strictSame(served(fetches[2]!), [], 'demo-user-3 got nothing, and gets nothing again')
})

t.test('what was observed is kept: experiences from metadata, cids, audiences, variations, payloads, users', async (t) => {
  const { recording, starter } = await recorded(t)
  const ws = starter.workspaces[0]!
  t.equal(ws.id, DEMO.id)
  const listed = recording.metadata?.[DEMO.id]?.body.metadata.experiences ?? []
  t.strictSame(ws.experiences.map((e) => [e.key, e.name, e.status]), listed.map((m) => [m.experience_key, m.experience_name, m.status]), 'every experience of the metadata, with its name and status')
  const homepage = ws.experiences.find((e) => e.key === 'homepage-banner')!
  t.equal(homepage.campaign_id, experiencesOf(recording.interactions[0]!.response.body)['homepage-banner']!.experience_context.cid.slice(0, 24))
  t.match(homepage.audiences, [{ id: '5A', name: 'All Users', all_users: true }], 'the vendor\'s All Users audience is kept as all users')
  const email = ws.experiences.find((e) => e.key === 'email-landing-banner')!
  t.match(email.audiences.map((a) => [a.id, a.name, a.conditions]), [
    ['1E', 'Pro users from email', { field: 'segment', operator: 'in', value: 'write-the-rule-of-audience-1E' }],
    ['2E', 'Email visitors', { field: 'segment', operator: 'in', value: 'write-the-rule-of-audience-2E' }]
  ], 'other audiences get a placeholder rule that matches nobody')
  const paused = ws.experiences.find((e) => e.key === 'cart-upsell')!
  t.match(paused, { status: 'Paused', audiences: [{ name: /^Not observed/ }] }, 'an experience never served gets a placeholder audience')
  t.strictSame(ws.users?.map((u) => u.customer_id), ['demo-user-1', 'demo-user-2', 'demo-user-3', 'visitor-77', 'visitor-12', 'recorded:u_em=only-email@example.com'])
  t.match(ws.users?.find((u) => u.customer_id === 'demo-user-3')?.assignments, { 'homepage-banner': { served: false }, 'checkout-reassurance': { served: false } })
  t.notOk(ws.users?.find((u) => u.customer_id === 'demo-user-2')?.assignments?.['no-such-experience'], 'no assignment for a key no experience has')
  t.match(starter.description, /Not observable, still to write: each audience's conditions/)
  t.ok(starter.workspaces.every((w) => w.personalize_api_key === DEMO.key), 'the key given is used')
})

t.test('visitors the recording never saw get nothing from audiences whose rule is still to write', async (t) => {
  const { starter } = await recorded(t)
  const mock = await startMockServer({ fixtures: starter, rateLimit: false })
  t.teardown(() => mock.close())
  const res = await call(mock.baseUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'never-seen' }, experience_key: ['email-landing-banner', 'homepage-banner'], utm_medium: 'email' } })
  t.strictSame(Object.keys(res.json().experiences), ['homepage-banner'], 'only the All Users audience serves them')
  const identifiedByEmail = await call(mock.baseUrl, { path: '/experiences/fetch', body: { identifiers: { user_identifiers: { u_em: 'only-email@example.com' } }, experience_key: ['homepage-banner'] } })
  t.equal(identifiedByEmail.status, 200)
  const explain = await call(mock.baseUrl.replace(/\/v1$/, ''), { path: '/__mock/explain', body: { identifiers: { user_identifiers: { u_em: 'only-email@example.com' } }, experience_key: ['homepage-banner'] } })
  t.match(explain.json(), { visitor: { resolved_by: 'user_identifiers' }, experiences: [{ key: 'homepage-banner', assigned: true, detail: /^assigned to this user by the fixture/ }] })
})

t.test('without --api-key the workspaces carry a placeholder key; a data center upstream is kept', async (t) => {
  const rec: Recording = {
    format: 'personalize-mock-recording/1',
    upstream: 'https://sdk-02.moengage.com/v1',
    recorded_at: '2026-11-29T10:00:00.000Z',
    interactions: [
      {
        request: { method: 'POST', path: '/v1/experiences/fetch', workspace: 'LIVE_WS', body: { identifiers: { customer_id: 'u1' }, experience_key: ['summer-banner'] } },
        response: { status: 200, body: { experiences: { 'summer-banner': { payload: { Text: { value: 'Hi', data_type: 'string' } }, experience_context: { cid: '0123456789abcdef01234567_F_T_WP_AB_3_P_0_AU_7Q', experience: 'Summer banner', moe_locale_id: '0', moe_variation_id: '3', audience_name: 'Returning', audience_id: '7Q', type: 'Web Personalization', experience_type: 'API based Experience' } } } } }
      }
    ]
  }
  const { fixtures: starter } = fixturesFromRecording(rec)
  t.match(starter.workspaces, [{ id: 'LIVE_WS', personalize_api_key: STARTER_API_KEY, data_center: '02', users: [{ customer_id: 'u1', assignments: { 'summer-banner': { audience_id: '7Q', variation_id: '3' } } }] }])
  t.match(starter.workspaces[0]!.experiences, [{ key: 'summer-banner', name: 'Summer banner', status: 'Active', campaign_id: '0123456789abcdef01234567', audiences: [{ id: '7Q', variations: [{ id: '3', weight: 100 }] }] }])
  const mock = await startMockServer({ fixtures: starter })
  t.teardown(() => mock.close())
  const res = await call(mock.baseUrl, { path: '/experiences/fetch', body: rec.interactions[0]!.request.body, headers: { ...authHeaders({ id: 'LIVE_WS', key: STARTER_API_KEY }), authorization: basic('LIVE_WS', STARTER_API_KEY) } })
  t.same(res.json(), rec.interactions[0]!.response.body)
})

t.test('odd recorded answers (edited by hand, or beyond what a fixture can hold) are left out, never a crash', async (t) => {
  const ctx = (cid: string) => ({ cid, experience: 'Some experience', moe_locale_id: '0', moe_variation_id: '1', audience_name: 'Aud', audience_id: 'A1', type: 'Web Personalization' })
  const payload = { T: { value: 'x', data_type: 'string' } }
  const fetchOf = (body: unknown, answer: unknown) => ({ request: { method: 'POST' as const, path: '/v1/experiences/fetch', workspace: 'WS', body: body as never }, response: { status: 200, body: answer as never } })
  const rec: Recording = {
    format: 'personalize-mock-recording/1',
    upstream: 'http://127.0.0.1:1/v1',
    recorded_at: '2026-11-29T10:00:00.000Z',
    interactions: [
      fetchOf({ identifiers: { customer_id: 'u1' }, experience_key: ['good-experience', 'null-entry', 'long-variation', 'abc', 'bad-cid'] }, {
        experiences: {
          'good-experience': { payload, experience_context: ctx('0123456789abcdef01234567_F_T_WP_AB_1_P_0_AU_A1') },
          'null-entry': null,
          'long-variation': { payload, experience_context: ctx('0123456789abcdef01234568_F_T_WP_AB_1234567_P_0_AU_A1') },
          abc: { payload, experience_context: ctx('0123456789abcdef01234569_F_T_WP_AB_1_P_0_AU_A1') },
          'bad-cid': { payload, experience_context: { ...ctx('x'), cid: 'not-a-cid' } }
        }
      }),
      fetchOf({ identifiers: { customer_id: 'u2' }, experience_key: 'good-experience' }, { experiences: {} }),
      fetchOf([1, 2], { experiences: {} }),
      fetchOf({ identifiers: { customer_id: 'u3' } }, 'not an object')
    ]
  }
  const { fixtures } = fixturesFromRecording(rec)
  t.doesNotThrow(() => loadFixtureDocument(fixtures, 'starter'), 'the starter fixtures load')
  const ws = fixtures.workspaces[0]!
  t.strictSame(ws.experiences.map((e) => e.key), ['good-experience'], 'only what a fixture can hold')
  t.strictSame(ws.users?.find((u) => u.customer_id === 'u1')?.assignments, { 'good-experience': { audience_id: 'A1', variation_id: '1' } }, 'no assignment from an entry that could not be read')
})

t.test('recorded payload values become native fixture values; one that does not read as its data_type is kept as it came, and each not given back as recorded is noted', async (t) => {
  const ctx = { cid: '0123456789abcdef01234567_F_T_WP_AB_1_P_0_AU_A1', experience: 'Typed values', moe_locale_id: '0', moe_variation_id: '1', audience_name: 'Aud', audience_id: 'A1', type: 'Web Personalization' }
  const payload = {
    Count: { value: '3', data_type: 'number' },
    Rate: { value: '0.15', data_type: 'float' },
    On: { value: 'true', data_type: 'boolean' },
    Native: { value: 7, data_type: 'number' },
    Config: { value: { a: [1] }, data_type: 'json' },
    Text: { value: '42', data_type: 'string' },
    Broken: { value: 'many', data_type: 'number' },
    Cents: { value: '19.90', data_type: 'float' }
  }
  const rec: Recording = {
    format: 'personalize-mock-recording/1',
    upstream: 'http://127.0.0.1:1/v1',
    recorded_at: '2026-11-29T10:00:00.000Z',
    interactions: [
      {
        request: { method: 'POST', path: '/v1/experiences/fetch', workspace: 'WS', body: { identifiers: { customer_id: 'u1' }, experience_key: ['typed-values'] } },
        response: { status: 200, body: { experiences: { 'typed-values': { payload, experience_context: ctx } } } as never }
      }
    ]
  }
  const { fixtures, values } = fixturesFromRecording(rec)
  t.strictSame(fixtures.workspaces[0]!.experiences[0]!.audiences[0]!.variations[0]!.payload, {
    Count: { value: 3, data_type: 'number' },
    Rate: { value: 0.15, data_type: 'float' },
    On: { value: true, data_type: 'boolean' },
    Native: { value: 7, data_type: 'number' },
    Config: { value: { a: [1] }, data_type: 'json' },
    Text: { value: '42', data_type: 'string' },
    Broken: { value: 'many', data_type: 'string' },
    Cents: { value: 19.9, data_type: 'float' }
  })
  const note = { workspace: 'WS', experience_key: 'typed-values', variation_id: '1' }
  t.strictSame(values, [
    { ...note, variable: 'Native', reason: 'reworded', data_type: 'number', recorded: '7', served: '"7"' },
    { ...note, variable: 'Broken', reason: 'unreadable', data_type: 'number', recorded: '"many"', served: '"many"' },
    { ...note, variable: 'Cents', reason: 'reworded', data_type: 'float', recorded: '"19.90"', served: '"19.9"' }
  ], 'each value not given back as recorded is noted; the others are not')
  const mock = await startMockServer({ fixtures, rateLimit: false })
  t.teardown(() => mock.close())
  const again = await call(mock.baseUrl, { path: '/experiences/fetch', body: rec.interactions[0]!.request.body, headers: { ...authHeaders({ id: 'WS', key: STARTER_API_KEY }), authorization: basic('WS', STARTER_API_KEY) } })
  t.strictSame(again.json().experiences['typed-values'].payload, { ...payload, Native: { value: '7', data_type: 'number' }, Broken: { value: 'many', data_type: 'string' }, Cents: { value: '19.9', data_type: 'float' } }, 'served again as the spec types them')
})

t.test('calls made with a Test app key (<id>_DEBUG) become the workspace\'s test_users, beside the Live users', async (t) => {
  const ctx = { cid: '0123456789abcdef01234567_F_T_WP_AB_1_P_0_AU_A1', experience: 'Summer banner', moe_locale_id: '0', moe_variation_id: '1', audience_name: 'Aud', audience_id: 'A1', type: 'Web Personalization', experience_type: 'API based Experience' }
  const answer = { experiences: { 'summer-banner': { payload: { Text: { value: 'Hi', data_type: 'string' } }, experience_context: ctx } } }
  const fetchBy = (workspace: string, customerId: string) => ({ request: { method: 'POST' as const, path: '/v1/experiences/fetch', workspace, body: { identifiers: { customer_id: customerId }, experience_key: ['summer-banner'] } }, response: { status: 200, body: answer as never } })
  const rec: Recording = { format: 'personalize-mock-recording/1', upstream: 'http://127.0.0.1:1/v1', recorded_at: '2026-11-29T10:00:00.000Z', interactions: [fetchBy('WS', 'live-user'), fetchBy('WS_DEBUG', 'qa-user')] }
  const { fixtures } = fixturesFromRecording(rec)
  t.equal(fixtures.workspaces.length, 1, 'one workspace')
  t.match(fixtures.workspaces[0], { id: 'WS', users: [{ customer_id: 'live-user' }], test_users: [{ customer_id: 'qa-user', assignments: { 'summer-banner': { audience_id: 'A1', variation_id: '1' } } }] })
  const mock = await startMockServer({ fixtures, rateLimit: false })
  t.teardown(() => mock.close())
  const res = await call(mock.baseUrl, { path: '/experiences/fetch', body: fetchBy('WS_DEBUG', 'qa-user').request.body, headers: { ...authHeaders({ id: 'WS_DEBUG', key: STARTER_API_KEY }), authorization: basic('WS', STARTER_API_KEY) } })
  t.same(res.json(), answer, 'replayed through the Test environment')
})
