// What each field reads for a request: identity, in-session keys, clock defaults, IP and user agent.
import t from 'tap'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { startVisit } from '../src/targeting/evaluate.js'
import type { FetchRequest } from '../src/generated/types.js'
import { ABSENT, UNAVAILABLE, type FieldRef, type Reading } from '../src/fixtures/conditions/input.js'
import type { Visit } from '../src/targeting/visit.js'
import { fixtureFile, workspace } from './helpers/fixtures.js'

const fixtures = loadFixtureDocument(fixtureFile(workspace({
  users: [{ customer_id: 'u1', user_identifiers: { u_em: 'a@example.com' }, attributes: { plan: 'pro', nothing: null }, segments: ['vip'] }],
  geo: [
    { cidr: '203.0.113.0/24', country: 'IN', state: 'Karnataka' },
    { cidr: '203.0.113.128/25', country: 'IN', state: 'Karnataka', city: 'Bengaluru' },
    { cidr: '2001:db8::/32', country: 'DE', city: 'Berlin' },
    { cidr: '::ffff:192.0.2.0/120', country: 'FR' }
  ]
})), 'visit test')
const ws = fixtures.workspaces.get('WS_ONE')!
const MONDAY_1430 = new Date('2026-11-30T14:30:00Z')
const visit = (req: FetchRequest, now = MONDAY_1430) => startVisit(ws, req, now)

/** What a field reads for a visit, as explain shows it: the value, absent, or unavailable and why. */
function read (v: Visit, field: FieldRef): Reading {
  const value = v.value(field)
  if (value === ABSENT) return { status: 'absent' }
  return value === UNAVAILABLE ? { status: 'unavailable', note: v.unavailableNote(field) } : { status: 'present', value }
}

const UA = {
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  android: 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  tv: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36'
}

t.test('user attributes: present, absent (null too), unavailable for an anonymous visitor', async (t) => {
  const known = visit({ identifiers: { customer_id: 'u1' } })
  t.strictSame(read(known, { kind: 'user', name: 'plan' }), { status: 'present', value: 'pro' })
  t.strictSame(read(known, { kind: 'user', name: 'missing' }), { status: 'absent' })
  t.strictSame(read(known, { kind: 'user', name: 'nothing' }), { status: 'absent' })
  t.strictSame(read(known, { kind: 'user', name: 'constructor' }), { status: 'absent' }, 'never a property of Object.prototype')
  t.strictSame(read(visit({}), { kind: 'user', name: 'plan' }), { status: 'unavailable', note: 'anonymous visitor: no user to read' })
  t.match(read(visit({ identifiers: { customer_id: 'not-in-fixture' } }), { kind: 'user', name: 'plan' }), { status: 'unavailable' })
})

t.test('a user found by user_identifiers reads like the same user found by customer_id', async (t) => {
  t.strictSame(read(visit({ identifiers: { user_identifiers: { u_em: 'a@example.com' } } }), { kind: 'segment' }), { status: 'present', value: ['vip'] })
})

t.test('session keys are top-level request keys, own properties only', async (t) => {
  const v = visit(JSON.parse('{"utm_medium":"email","__proto__":"x","referrer":null}') as FetchRequest)
  t.strictSame(read(v, { kind: 'session', name: 'utm_medium' }), { status: 'present', value: 'email' })
  t.strictSame(read(v, { kind: 'session', name: '__proto__' }), { status: 'present', value: 'x' })
  t.strictSame(read(v, { kind: 'session', name: 'referrer' }), { status: 'absent' })
  t.strictSame(read(v, { kind: 'session', name: 'toString' }), { status: 'absent' })
})

t.test('day and hour come from the request, else from the clock in UTC', async (t) => {
  const fromClock = visit({}, new Date('2026-11-29T23:30:00-05:00'))
  t.equal(fromClock.day, 'Monday', 'Sunday 23:30 in New York is Monday 04:30 UTC')
  t.equal(fromClock.hour, 4)
  t.equal(fromClock.daySource, 'clock')
  const fromRequest = visit({ DAY_OF_THE_WEEK: 'Friday', TIME_OF_THE_DAY: '07' })
  t.strictSame([fromRequest.day, fromRequest.hour, fromRequest.daySource, fromRequest.hourSource], ['Friday', 7, 'request', 'request'])
})

t.test('geo: the most specific range wins; IPv6 and IPv4-mapped addresses work', async (t) => {
  const country = (ip: string) => visit({ USER_IP_ADDRESS: ip }).geo()
  t.strictSame(country('203.0.113.200'), { status: 'present', value: { country: 'IN', state: 'Karnataka', city: 'Bengaluru' } })
  t.strictSame(country('203.0.113.5'), { status: 'present', value: { country: 'IN', state: 'Karnataka' } })
  t.strictSame(country('::ffff:203.0.113.200'), { status: 'present', value: { country: 'IN', state: 'Karnataka', city: 'Bengaluru' } })
  t.strictSame(country('2001:db8:1::7'), { status: 'present', value: { country: 'DE', city: 'Berlin' } })
  t.strictSame(read(visit({ USER_IP_ADDRESS: '2001:db8::1' }), { kind: 'geo', part: 'state' }), { status: 'absent' })
  t.strictSame(country('192.0.2.9'), { status: 'present', value: { country: 'FR' } }, 'an IPv4-mapped range holds plain IPv4 addresses')
  t.strictSame(country('::ffff:192.0.2.9'), { status: 'present', value: { country: 'FR' } })
})

t.test('geo is unavailable, with the reason, for a missing, unparsable or unknown IP', async (t) => {
  t.strictSame(visit({}).geo(), { status: 'unavailable', note: 'USER_IP_ADDRESS not sent' })
  for (const bad of ['300.1.2.3', 'localhost', '1', '0x7f.1', '203.0.113', '::g']) {
    t.strictSame(visit({ USER_IP_ADDRESS: bad }).geo(), { status: 'unavailable', note: `USER_IP_ADDRESS ${JSON.stringify(bad)} is not an IP address` }, bad)
  }
  t.strictSame(visit({ USER_IP_ADDRESS: '198.51.100.1' }).geo(), { status: 'unavailable', note: 'no geo range of the workspace contains 198.51.100.1' })
})

t.test('device type from the user agent: mobile, tablet, desktop, tv; unknown or empty is unavailable', async (t) => {
  const device = (ua: string | undefined) => visit(ua === undefined ? {} : { USER_AGENT: ua }).device()
  t.strictSame(device(UA.iphone), { status: 'present', value: 'mobile' })
  t.strictSame(device(UA.android), { status: 'present', value: 'mobile' })
  t.strictSame(device(UA.ipad), { status: 'present', value: 'tablet' })
  t.strictSame(device(UA.windows), { status: 'present', value: 'desktop' })
  t.strictSame(device(UA.tv), { status: 'present', value: 'tv' })
  t.strictSame(device(undefined), { status: 'unavailable', note: 'USER_AGENT not sent' })
  t.strictSame(device('   '), { status: 'unavailable', note: 'USER_AGENT not sent' })
  t.strictSame(device('curl/8.4.0'), { status: 'unavailable', note: 'USER_AGENT names no known device type' })
})

t.test('an empty customer_id is no id: user_identifiers still find the user and set the bucketing id', async (t) => {
  const v = visit({ identifiers: { customer_id: '', user_identifiers: { u_em: 'a@example.com' } } })
  t.equal(v.visitor.resolvedBy, 'user_identifiers')
  t.equal(v.visitor.bucketingId, 'u1')
  t.equal(visit({ identifiers: { customer_id: '' } }).visitor.bucketingId, '')
})
