// The decision rules, through the real fetch route (inject), one rule per test.
import t, { type Test } from 'tap'
import { authHeaders, fetchExperiences, serverFor } from './helpers/server.js'
import { WS, targetingFixture } from './helpers/targeting-fixture.js'
import type { FetchRequest, FetchResponse } from '../src/generated/types.js'
import { violations } from './helpers/schemas.js'
import { experience, fixtureFile, workspace } from './helpers/fixtures.js'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { evaluateFetch } from '../src/targeting/evaluate.js'

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

/** A server whose clock reads `now`; returns a function fetching experiences for a body. */
async function at (t: Test, now = '2026-11-30T12:00:00Z') {
  const app = await serverFor(t, targetingFixture, { clock: () => new Date(now) })
  return async (body: FetchRequest): Promise<FetchResponse> => (await fetchExperiences(app, body, authHeaders(WS))).json()
}
const audienceOf = (res: FetchResponse, key: string) => res.experiences[key]?.experience_context.audience_id
const textOf = (res: FetchResponse, key: string) => res.experiences[key]?.payload.Text?.value

t.test('audiences are tried in order and the first that matches wins', async (t) => {
  const fetch = await at(t)
  const key = { experience_key: ['tiered-offer'] }
  t.equal(audienceOf(await fetch({ ...key, identifiers: { customer_id: 'vip-user' }, utm_medium: 'email' }), 'tiered-offer'), 'A1', 'matches A1 and A2: A1 wins')
  t.equal(audienceOf(await fetch({ ...key, identifiers: { customer_id: 'free-user' }, utm_medium: 'email' }), 'tiered-offer'), 'A2')
  t.equal(audienceOf(await fetch({ ...key, identifiers: { customer_id: 'free-user' } }), 'tiered-offer'), 'A3')
  const res = await fetch({ ...key, identifiers: { customer_id: 'free-user' }, utm_medium: 'email' })
  t.match(res.experiences['tiered-offer']?.experience_context, { audience_name: 'Email visitors', cid: /_AU_A2$/ })
})

t.test('an anonymous visitor matches in-session conditions and All Users, never user attributes', async (t) => {
  const fetch = await at(t)
  t.equal(audienceOf(await fetch({ experience_key: ['tiered-offer'], utm_medium: 'email' }), 'tiered-offer'), 'A2')
  t.equal(audienceOf(await fetch({ experience_key: ['tiered-offer'] }), 'tiered-offer'), 'A3')
  t.strictSame((await fetch({ experience_key: ['members-only', 'not-members', 'vip-segment'] })).experiences, {},
    'exists, not(exists) and segment conditions are all false for an anonymous visitor')
})

t.test('an anonymous visitor cannot match an audience with a user condition anywhere, even under "any"', async (t) => {
  const fetch = await at(t)
  t.strictSame((await fetch({ experience_key: ['email-or-pro'], utm_medium: 'email' })).experiences, {})
  t.ok('email-or-pro' in (await fetch({ experience_key: ['email-or-pro'], utm_medium: 'email', identifiers: { customer_id: 'free-user' } })).experiences,
    'the same request from a known user matches through the in-session branch')
})

t.test('an unknown customer_id is anonymous; a known one reaches attributes and segments', async (t) => {
  const fetch = await at(t)
  t.strictSame(Object.keys((await fetch({ identifiers: { customer_id: 'nobody' }, experience_key: ['members-only', 'vip-segment'] })).experiences), [])
  t.strictSame(Object.keys((await fetch({ identifiers: { customer_id: 'vip-user' }, experience_key: ['members-only', 'vip-segment', 'not-members'] })).experiences), ['members-only', 'vip-segment'])
  t.strictSame(Object.keys((await fetch({ identifiers: { user_identifiers: { u_em: 'vip@example.com' } }, experience_key: ['vip-segment'] })).experiences), ['vip-segment'])
})

t.test('an Active experience is served only inside its schedule, in its own time zone', async (t) => {
  const key = { experience_key: ['kolkata-sale'] }
  // 2026-12-01T09:00 in Asia/Kolkata (UTC+05:30) is 03:30Z; the end is 2026-12-02T03:30Z, exclusive.
  for (const [now, served] of [
    ['2026-12-01T03:29:59.999Z', false],
    ['2026-12-01T03:30:00Z', true],
    ['2026-12-02T03:29:59Z', true],
    ['2026-12-02T03:30:00Z', false]
  ] as const) {
    const fetch = await at(t, now)
    t.equal('kolkata-sale' in (await fetch(key)).experiences, served, now)
  }
})

t.test('a start inside a DST gap moves forward by the gap; an end in a repeated hour means its later occurrence', async (t) => {
  // 2026-03-08T02:30 does not exist in New York; it starts at 03:30 EDT = 07:30Z.
  t.notOk('dst-gap-start' in (await (await at(t, '2026-03-08T07:29:59Z'))({ experience_key: ['dst-gap-start'] })).experiences)
  t.ok('dst-gap-start' in (await (await at(t, '2026-03-08T07:30:00Z'))({ experience_key: ['dst-gap-start'] })).experiences)
  // 2026-11-01T01:30 happens twice in New York; the end is the second one, 01:30 EST = 06:30Z.
  t.ok('dst-repeat-end' in (await (await at(t, '2026-11-01T06:29:59Z'))({ experience_key: ['dst-repeat-end'] })).experiences)
  t.notOk('dst-repeat-end' in (await (await at(t, '2026-11-01T06:30:00Z'))({ experience_key: ['dst-repeat-end'] })).experiences)
})

t.test('Paused and Scheduled status are never served, whatever the clock says about the schedule', async (t) => {
  for (const now of ['2025-06-01T00:00:00Z', '2026-06-01T00:00:00Z', '2027-06-01T00:00:00Z']) {
    const fetch = await at(t, now)
    t.strictSame((await fetch({ experience_key: ['paused-one', 'scheduled-one'] })).experiences, {}, now)
  }
})

t.test('schedules without a time zone use the workspace time zone', async (t) => {
  const doc = fixtureFile(workspace({ time_zone: 'Asia/Tokyo', experiences: [experience('tokyo-sale', { schedule: { start: '2026-12-01T00:00' } })] }))
  // Midnight in Tokyo (UTC+9) is 15:00Z the day before.
  for (const [now, served] of [['2026-11-30T14:59:59Z', false], ['2026-11-30T15:00:00Z', true]] as const) {
    const app = await serverFor(t, doc, { clock: () => new Date(now) })
    const res = (await fetchExperiences(app, {}, authHeaders({ id: 'WS_ONE', key: 'key-one' }))).json()
    t.equal('tokyo-sale' in res.experiences, served, now)
  }
})

t.test('a user in the global control group gets only experiences that do not respect it', async (t) => {
  const fetch = await at(t)
  const res = await fetch({ identifiers: { customer_id: 'gcg-user' }, experience_key: ['tiered-offer', 'members-only', 'ignores-gcg'] })
  t.strictSame(Object.keys(res.experiences), ['ignores-gcg'])
})

t.test("an audience's control group holds its share out: 100 % serves nobody", async (t) => {
  const fetch = await at(t)
  for (const customer of ['vip-user', 'free-user', 'someone']) {
    t.strictSame((await fetch({ identifiers: { customer_id: customer }, experience_key: ['all-held-out'] })).experiences, {}, customer)
  }
})

t.test("an audience's partial control group holds out about its share, the same users every time", async (t) => {
  const fetch = await at(t)
  const served: string[] = []
  for (let i = 0; i < 400; i++) {
    const body = { identifiers: { customer_id: `visitor-${i}` }, experience_key: ['half-held-out'] }
    const first = 'half-held-out' in (await fetch(body)).experiences
    t.equal('half-held-out' in (await fetch(body)).experiences, first)
    if (first) served.push(body.identifiers.customer_id)
  }
  t.ok(served.length > 160 && served.length < 240, `${served.length} of 400 served with a 50 % control group`)
})

t.test('geolocation comes from USER_IP_ADDRESS through the workspace CIDR table', async (t) => {
  const fetch = await at(t)
  const keys = { experience_key: ['india-only', 'outside-india'] }
  t.strictSame(Object.keys((await fetch({ ...keys, USER_IP_ADDRESS: '203.0.113.9' })).experiences), ['india-only'])
  t.strictSame(Object.keys((await fetch({ ...keys, USER_IP_ADDRESS: '198.51.100.9' })).experiences), ['outside-india'])
  t.strictSame(Object.keys((await fetch({ ...keys, USER_IP_ADDRESS: 'not-an-ip' })).experiences), [], 'unparsable IP: every geo condition is false, never a 500')
  t.strictSame(Object.keys((await fetch({ ...keys, USER_IP_ADDRESS: '192.0.2.1' })).experiences), [], 'an IP no range contains')
  t.strictSame(Object.keys((await fetch(keys)).experiences), [], 'no IP')
})

t.test('device type comes from USER_AGENT', async (t) => {
  const fetch = await at(t)
  t.equal(textOf(await fetch({ experience_key: ['phones-only'], USER_AGENT: IPHONE }), 'phones-only'), 'phone')
  t.strictSame((await fetch({ experience_key: ['phones-only'], USER_AGENT: DESKTOP })).experiences, {})
  t.strictSame((await fetch({ experience_key: ['phones-only'], USER_AGENT: '' })).experiences, {}, 'empty UA: false, never a 500')
})

t.test('day and hour come from the request, else from the clock in UTC', async (t) => {
  const key = { experience_key: ['weekend-evening'] }
  const weekday = await at(t, '2026-11-30T20:00:00Z') // a Monday
  t.strictSame((await weekday(key)).experiences, {})
  t.ok('weekend-evening' in (await weekday({ ...key, DAY_OF_THE_WEEK: 'Sunday' })).experiences, 'the request day overrides the clock; the clock gives 20h')
  t.strictSame((await weekday({ ...key, DAY_OF_THE_WEEK: 'Sunday', TIME_OF_THE_DAY: '09' })).experiences, {})
  const saturdayEvening = await at(t, '2026-11-28T19:00:00Z')
  t.ok('weekend-evening' in (await saturdayEvening(key)).experiences)
})

t.test('attribute of the wrong type, or garbage in-session values, never cause a 500', async (t) => {
  const app = await serverFor(t, targetingFixture)
  for (const body of [
    { utm_medium: 42, experience_key: ['tiered-offer'] },
    { utm_medium: { nested: ['email'] } },
    { USER_IP_ADDRESS: '', USER_AGENT: '\u0000' },
    { identifiers: { customer_id: '' } }
  ]) {
    const res = await fetchExperiences(app, body, authHeaders(WS))
    t.equal(res.statusCode, 200, JSON.stringify(body))
    t.strictSame(violations('fetch-response.schema.json', res.json()), [])
  }
})

t.test('changing the fixture document after load changes nothing that was loaded', async (t) => {
  const doc = structuredClone(targetingFixture)
  const ws = loadFixtureDocument(doc, 'mutation').workspaces.get(WS.id)!
  const ask = () => evaluateFetch(ws, { identifiers: { customer_id: 'vip-user' }, experience_key: ['tiered-offer'] }, new Date())
  const before = JSON.stringify(ask())
  const user = doc.workspaces[0]!.users![0]!
  user.attributes = { plan: 'free' }
  doc.workspaces[0]!.experiences[0]!.audiences[0]!.variations[0]!.payload = { Text: { value: 'changed', data_type: 'string' } }
  t.equal(JSON.stringify(ask()), before)
})

t.test('a variation\'s served entry is one object, shared by every answer that serves it', async (t) => {
  const ws = loadFixtureDocument(targetingFixture, 'shared').workspaces.get(WS.id)!
  const ask = () => evaluateFetch(ws, { experience_key: ['tiered-offer'] }, new Date()).experiences['tiered-offer']
  const first = ask()
  t.ok(first !== undefined && first === ask(), 'the second answer holds the very entry of the first')
})

t.test('served entries are frozen: a caller of evaluateFetch cannot alter later answers', async (t) => {
  const ws = loadFixtureDocument(targetingFixture, 'frozen').workspaces.get(WS.id)!
  const res = evaluateFetch(ws, { experience_key: ['tiered-offer'] }, new Date())
  const payload = res.experiences['tiered-offer']!.payload.Text!
  t.throws(() => { (payload as { value: unknown }).value = 'MUTATED' }, TypeError)
  t.equal(evaluateFetch(ws, { experience_key: ['tiered-offer'] }, new Date()).experiences['tiered-offer']?.payload.Text?.value, 'A3')
})
