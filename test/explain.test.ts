// POST /__mock/explain: same checks as fetch, the same answer inside, and the reason for every decision.
import t, { type Test } from 'tap'
import { authHeaders, basic, fetchExperiences, serverFor } from './helpers/server.js'
import { WS, targetingFixture } from './helpers/targeting-fixture.js'
import { violations } from './helpers/schemas.js'
import type { ExplainResponse, ExplainedCondition, ExplainedExperience, FetchRequest, FixtureCondition } from '../src/generated/types.js'
import { fixtureFile, workspace, experience, audience, variation } from './helpers/fixtures.js'

const NOW = '2026-11-30T12:00:00Z'

async function explainer (t: Test, doc = targetingFixture, headers = authHeaders(WS)) {
  const app = await serverFor(t, doc, { clock: () => new Date(NOW) })
  return {
    app,
    explain: async (body: FetchRequest): Promise<ExplainResponse> => {
      const res = await app.inject({ method: 'POST', url: '/__mock/explain', headers, payload: JSON.stringify(body) })
      t.equal(res.statusCode, 200)
      const parsed = res.json() as ExplainResponse
      t.strictSame(violations('explain-response.schema.json', parsed), [])
      return parsed
    }
  }
}
const find = (r: ExplainResponse, key: string): ExplainedExperience => {
  const e = r.experiences.find((x) => x.key === key)
  if (e === undefined) throw new Error(`no ${key} in the explanation`)
  return e
}

t.test('explain checks headers, auth and the body exactly as fetch does', async (t) => {
  const { app } = await explainer(t)
  const url = '/__mock/explain'
  const noKey = await app.inject({ method: 'POST', url, payload: '{}' })
  t.equal(noKey.statusCode, 400)
  t.equal(noKey.json().title, 'Request Error')
  const wrongKey = await app.inject({ method: 'POST', url, headers: { ...authHeaders(WS), authorization: basic(WS.id, 'nope') }, payload: '{}' })
  t.equal(wrongKey.statusCode, 401)
  const badDay = await app.inject({ method: 'POST', url, headers: authHeaders(WS), payload: '{"DAY_OF_THE_WEEK":"funday"}' })
  t.equal(badDay.statusCode, 400)
  t.match(badDay.json().description, /^DAY_OF_THE_WEEK - Enum doesnt allow value: funday/)
  const get = await app.inject({ method: 'GET', url, headers: authHeaders(WS) })
  t.equal(get.statusCode, 405)
})

t.test('the response inside an explanation is exactly what fetch answers', async (t) => {
  const { app, explain } = await explainer(t)
  for (const body of [
    {},
    { identifiers: { customer_id: 'vip-user' }, utm_medium: 'email' },
    { identifiers: { customer_id: 'gcg-user' }, USER_IP_ADDRESS: '203.0.113.5' },
    { experience_key: ['tiered-offer', 'nope', 'paused-one'], DAY_OF_THE_WEEK: 'Sunday', TIME_OF_THE_DAY: '20' }
  ] as FetchRequest[]) {
    const fetched = (await fetchExperiences(app, body, authHeaders(WS))).json()
    t.strictSame((await explain(body)).response, fetched, JSON.stringify(body))
  }
})

t.test('a served experience shows the audience, the bucket and the variation range holding it', async (t) => {
  const { explain } = await explainer(t)
  const e = find(await explain({ identifiers: { customer_id: 'free-user' }, utm_medium: 'email', experience_key: ['tiered-offer'] }), 'tiered-offer')
  t.match(e, { served: true, reason: 'SERVED', status: 'Active' })
  t.strictSame(e.audiences.map((a) => [a.id, a.matched]), [['A1', false], ['A2', true]], 'tried in order up to the first match')
  t.strictSame(e.audiences[0]?.conditions, [{ pointer: '/conditions', condition: { field: 'user.plan', operator: 'equals', value: 'pro' }, passed: false, saw: 'free' }])
  t.ok(e.bucket !== undefined && e.variation !== undefined)
  const [start, end] = e.variation?.range ?? []
  t.ok((start ?? 0) <= (e.bucket ?? -1) && (e.bucket ?? 0) < (end ?? 0), 'the bucket lies in the variation range')
})

t.test('USER_NOT_IN_SEGMENT lists each audience with the failing conditions and the values they saw', async (t) => {
  const { explain } = await explainer(t)
  const e = find(await explain({ experience_key: ['weekend-evening'], DAY_OF_THE_WEEK: 'Monday' }), 'weekend-evening')
  t.match(e, { served: false, reason: 'USER_NOT_IN_SEGMENT', detail: /no audience matched/ })
  t.strictSame(e.audiences[0]?.conditions.map((c) => [c.pointer, c.passed, c.saw]), [['/conditions/all/0', false, 'Monday'], ['/conditions/all/1', false, 12]])
})

t.test('an anonymous visitor: audiences with user conditions are ruled out, with a note', async (t) => {
  const { explain } = await explainer(t)
  const r = await explain({ experience_key: ['not-members'] })
  t.strictSame(r.visitor, { environment: 'live', resolved_by: 'none', customer_id: null, source: null, bucketing_id: '', global_control_group: false })
  const e = find(r, 'not-members')
  t.equal(e.reason, 'USER_NOT_IN_SEGMENT')
  t.equal(e.detail, 'no audience matched (anonymous visitor: an audience with user-attribute or segment conditions cannot match)')
  t.match(e.audiences[0], { matched: false, note: /anonymous visitor/ })
  t.match(e.audiences[0]?.conditions[0], { saw: null, note: /anonymous visitor/ })
})

t.test('an anonymous visitor: no anonymous note where no audience has user-attribute or segment conditions', async (t) => {
  const { explain } = await explainer(t)
  const r = await explain({ experience_key: ['india-only', 'tiered-offer'], USER_IP_ADDRESS: '198.51.100.7' })
  const geoOnly = find(r, 'india-only')
  t.equal(geoOnly.reason, 'USER_NOT_IN_SEGMENT')
  t.equal(geoOnly.detail, 'no audience matched', 'a geo-only experience: being anonymous changed nothing')
  t.strictSame(geoOnly.audiences.map((a) => a.note), [undefined])
  t.strictSame(geoOnly.audiences[0]?.conditions.map((c) => [c.saw, c.note]), [['US', undefined]])
  const mixed = find(r, 'tiered-offer')
  t.strictSame(mixed.audiences.map((a) => [a.id, a.note !== undefined]), [['A1', true], ['A2', false], ['A3', false]], 'only the user-attribute audience is noted')
})

/** The leaf of a one-audience experience as explain reports it, for a user holding `attributes` and a request with `body`. */
async function explainLeaf (
  t: Test, conditions: FixtureCondition, attributes: Record<string, unknown>, body: FetchRequest = {}
): Promise<ExplainedCondition[]> {
  const doc = fixtureFile(workspace({
    users: [{ customer_id: 'typed-user', attributes }],
    experiences: [experience('typed-experience', { audiences: [{ id: 'T1', name: 'Typed', conditions, variations: [variation()] }] })]
  }))
  const { explain } = await explainer(t, doc, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  return find(await explain({ identifiers: { customer_id: 'typed-user' }, experience_key: ['typed-experience'], ...body }), 'typed-experience').audiences[0]?.conditions ?? []
}

t.test('a user attribute "30" against gt 25 fails on its type, and the leaf says so', async (t) => {
  const condition: FixtureCondition = { field: 'user.age', operator: 'gt', value: 25 }
  t.strictSame(await explainLeaf(t, condition, { age: '30' }), [{ pointer: '/conditions', condition, passed: false, saw: '30', note: 'a string; gt compares numbers' }])
})

t.test('a number against contains fails on its type: contains compares strings', async (t) => {
  const [leaf] = await explainLeaf(t, { field: 'session.campaign', operator: 'contains', value: '2026' }, {}, { campaign: 2026 })
  t.match(leaf, { passed: false, saw: 2026, note: 'a number; contains compares strings' })
})

t.test('a string that is not a date, against a date, fails on its type', async (t) => {
  const [leaf] = await explainLeaf(t, { field: 'user.signup_date', operator: 'gte', value: '2026-01-01' }, { signup_date: 'last week' })
  t.match(leaf, { passed: false, saw: 'last week', note: 'a string, not a date; gte compares dates' })
})

t.test('a leaf that fails on its value, or passes, gets no type note', async (t) => {
  const leaves = await explainLeaf(t, { all: [{ field: 'user.age', operator: 'gt', value: 25 }, { field: 'user.plan', operator: 'equals', value: 'pro' }] }, { age: 20, plan: 'pro' })
  t.strictSame(leaves.map((l) => [l.passed, l.saw, l.note]), [[false, 20, undefined], [true, 'pro', undefined]])
})

t.test('every reason name is used where it applies', async (t) => {
  const keys = Array.from({ length: 26 }, (_, i) => `filler-${String(i).padStart(2, '0')}`)
  const doc = fixtureFile(workspace({
    users: [{ customer_id: 'gcg', global_control_group: true }],
    experiences: [
      ...keys.map((k) => experience(k)),
      experience('paused-exp', { status: 'Paused' }),
      experience('scheduled-exp', { status: 'Scheduled' }),
      experience('future-exp', { schedule: { start: '2027-01-01T00:00' } }),
      experience('past-exp', { schedule: { start: '2026-01-01T00:00', end: '2026-02-01T00:00' } }),
      experience('held-out', { audiences: [audience({ control_group_percent: 100, variations: [variation()] })] })
    ]
  }))
  const { explain } = await explainer(t, doc, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  const r = await explain({ experience_key: ['nope-key', 'paused-exp', 'scheduled-exp', 'future-exp', 'past-exp', 'held-out', 'filler-00', ...keys.slice(1)] })
  const reasons = Object.fromEntries(r.experiences.map((e) => [e.key, e.reason]))
  t.match(reasons, {
    'nope-key': 'IN_VALID_EXPERIENCE_KEY',
    'paused-exp': 'EXPERIENCE_NOT_ACTIVE',
    'scheduled-exp': 'EXPERIENCE_NOT_ACTIVE',
    'future-exp': 'EXPERIENCE_NOT_ACTIVE',
    'past-exp': 'EXPERIENCE_EXPIRED',
    'held-out': 'USER_IN_CAMPAIGN_CONTROL_GROUP',
    'filler-00': 'SERVED',
    'filler-18': 'SERVED', // the 25th key asked
    'filler-19': 'MAX_LIMIT_BREACHED' // the 26th
  })
  t.match(find(r, 'future-exp').detail, 'the schedule starts at 2027-01-01T00:00 UTC')
  t.match(find(r, 'held-out').control_group, { percent: 100, in_control_group: true })
  const gcg = await explain({ identifiers: { customer_id: 'gcg' }, experience_key: ['filler-00'] })
  t.equal(find(gcg, 'filler-00').reason, 'USER_IN_GLOBAL_CONTROL_GROUP')
})

t.test('the session shows where day and hour came from, and what the IP and user agent gave', async (t) => {
  const { explain } = await explainer(t)
  const r = await explain({ TIME_OF_THE_DAY: '07', USER_IP_ADDRESS: '203.0.113.77', USER_AGENT: 'curl/8.4.0' })
  t.strictSame(r.session, {
    day_of_week: { value: 'Monday', source: 'clock' },
    time_of_day: { value: '07', source: 'request' },
    geo: { value: { country: 'IN', city: 'Bengaluru' } },
    device_type: { value: null, note: 'USER_AGENT names no known device type' }
  })
  t.equal(r.now, '2026-11-30T12:00:00.000Z')
  t.equal(r.bucketing_version, 'fnv1a32-v2')
})

t.test('without experience_key every experience is explained, in fixture order', async (t) => {
  const { explain } = await explainer(t)
  t.strictSame((await explain({})).experiences.map((e) => e.key), targetingFixture.workspaces[0]?.experiences.map((e) => e.key))
})

t.test('a hostile in-session value (as deep as a body may be, very long, very wide) is shown cut short, never a 500', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('utm-targeted', { audiences: [{ id: 'U1', name: 'Email', conditions: { field: 'session.utm_medium', operator: 'equals', value: 'email' }, variations: [variation()] }] })] }))
  const { app } = await explainer(t, doc, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  const deep = '['.repeat(250) + ']'.repeat(250)
  for (const value of [deep, JSON.stringify('x'.repeat(100_000)), JSON.stringify(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])))]) {
    const res = await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders({ id: 'WS_ONE', key: 'key-one' }), payload: `{"utm_medium":${value}}` })
    t.equal(res.statusCode, 200)
    t.strictSame(violations('explain-response.schema.json', res.json()), [])
    t.ok(res.body.length < 20_000, `explanation of ${res.body.length} bytes`)
  }
  const deeper = await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders({ id: 'WS_ONE', key: 'key-one' }), payload: `{"utm_medium":${'['.repeat(20000) + ']'.repeat(20000)}}` })
  t.equal(deeper.statusCode, 400, 'deeper than a body may be: refused')
  t.equal(deeper.json().title, 'Malformed JSON')
})

t.test('clip keeps small values as they are and marks what it cuts', async (t) => {
  const { clip } = await import('../src/targeting/explain.js')
  t.strictSame(clip({ a: [1, 'two', { b: true }] }), { a: [1, 'two', { b: true }] })
  t.equal(clip('y'.repeat(600)), `${'y'.repeat(500)}… (600 characters)`)
  t.strictSame(clip(Array.from({ length: 52 }, () => 0)), [...Array.from({ length: 50 }, () => 0), '… (52 items)'])
  t.strictSame(clip(JSON.parse('{"__proto__": {"x": 1}}')), JSON.parse('{"__proto__": {"x": 1}}'), 'a key named __proto__ stays a plain key')
})
