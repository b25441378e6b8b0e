// Seeded, bounded property tests of the targeting engine (fast-check).
import t from 'tap'
import fc from 'fast-check'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { decide, evaluateFetch, startVisit } from '../src/targeting/evaluate.js'
import { CONTROL_GROUP_SEED } from '../src/fixtures/bucket-seeds.js'
import { explainFetch } from '../src/targeting/explain.js'
import { bucketOf } from '../src/targeting/bucketing.js'
import type { FetchRequest } from '../src/generated/types.js'
import { audience, experience, fixtureFile, variation, workspace } from './helpers/fixtures.js'
import { targetingFixture } from './helpers/targeting-fixture.js'
import { mulberry32 } from '../src/server/faults.js'

const SEED = 20261129
const WEIGHTS = [20, 30, 50]
const CONTROL = 10
const doc = fixtureFile(workspace({
  experiences: [experience('split-test', {
    audiences: [audience({ control_group_percent: CONTROL, variations: WEIGHTS.map((weight, i) => variation({ id: String(i + 1), weight })) })]
  })]
}))
const compile = () => loadFixtureDocument(doc, 'properties').workspaces.get('WS_ONE')!
const NOW = new Date('2026-11-30T12:00:00Z')
/** `n` random version-4 UUIDs from a seeded generator: the same ids on every run (fast-check's sampler takes 10x as long). */
function uuids (n: number, seed: number): string[] {
  const random = mulberry32(seed)
  const hex = (bits: number): string => Math.floor(random() * 2 ** bits).toString(16).padStart(bits / 4, '0')
  return Array.from({ length: n }, () => `${hex(32)}-${hex(16)}-4${hex(12)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(12)}-${hex(24)}${hex(24)}`)
}
const variationOf = (ws: ReturnType<typeof compile>, id: string) =>
  evaluateFetch(ws, { identifiers: { customer_id: id } }, NOW).experiences['split-test']?.experience_context.moe_variation_id ?? 'control'

t.test('stickiness: any customer id (any Unicode) gets the same answer on every call and from a second, separate load', async (t) => {
  const first = compile()
  const second = compile()
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (id) => {
    const a = variationOf(first, id)
    return a === variationOf(first, id) && a === variationOf(second, id)
  }), { seed: SEED, numRuns: 2000 })
  t.pass('2000 ids, including any Unicode')
})

t.test('100,000 synthetic users split within ±1 point of the weights and the control-group share', async (t) => {
  const ws = compile()
  const ids = uuids(100_000, SEED)
  const counts = new Map<string, number>()
  for (const id of ids) {
    const v = variationOf(ws, id)
    counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  const control = counts.get('control') ?? 0
  const served = ids.length - control
  t.ok(Math.abs(100 * control / ids.length - CONTROL) <= 1, `control group ${(100 * control / ids.length).toFixed(2)} % vs ${CONTROL} %`)
  WEIGHTS.forEach((weight, i) => {
    const share = 100 * (counts.get(String(i + 1)) ?? 0) / served
    t.ok(Math.abs(share - weight) <= 1, `variation ${i + 1}: ${share.toFixed(2)} % of served users vs ${weight} %`)
  })
})

t.test('bucket values of two experiences, and the control-group draw, are independent', async (t) => {
  const ids = uuids(100_000, SEED + 1)
  const pairs: Array<[string, (id: string) => number, (id: string) => number]> = [
    ['two experiences', (id) => bucketOf('experience-a', id), (id) => bucketOf('experience-b', id)],
    ['variation vs control group', (id) => bucketOf('split-test', id), (id) => bucketOf(CONTROL_GROUP_SEED + 'split-test', id)]
  ]
  for (const [name, a, b] of pairs) {
    // 4 x 4 grid of quartiles: each cell should hold 1/16 = 6.25 % of the ids.
    const grid = new Array<number>(16).fill(0)
    for (const id of ids) grid[Math.floor(a(id) / 2500) * 4 + Math.floor(b(id) / 2500)]! += 1
    const worst = Math.max(...grid.map((n) => Math.abs(100 * n / ids.length - 6.25)))
    t.ok(worst <= 0.5, `${name}: largest deviation from 6.25 % per quartile cell is ${worst.toFixed(3)} points`)
  }
})

t.test('explain and fetch agree on every request', async (t) => {
  const ws = loadFixtureDocument(targetingFixture, 'properties').workspaces.get('TARGETING')!
  const request = fc.record({
    identifiers: fc.option(fc.record({ customer_id: fc.constantFrom('vip-user', 'free-user', 'gcg-user', 'stranger') }), { nil: undefined }),
    utm_medium: fc.option(fc.constantFrom('email', 'sms', 'EMAIL'), { nil: undefined }),
    DAY_OF_THE_WEEK: fc.option(fc.constantFrom('Sunday', 'Monday', 'Saturday' as const), { nil: undefined }),
    TIME_OF_THE_DAY: fc.option(fc.constantFrom('00', '09', '18', '23' as const), { nil: undefined }),
    USER_IP_ADDRESS: fc.option(fc.constantFrom('203.0.113.4', '198.51.100.4', '::1', 'garbage'), { nil: undefined }),
    USER_AGENT: fc.option(fc.constantFrom('curl/8', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148'), { nil: undefined })
  }, { requiredKeys: [] })
  fc.assert(fc.property(request, fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }), (body, now) => {
    const req = JSON.parse(JSON.stringify(body)) as FetchRequest
    const fetched = evaluateFetch(ws, req, now)
    const explained = explainFetch(ws, req, now, 'fnv1a32-v2')
    const reasonsAgree = explained.experiences.every((e) => e.served === (e.key in fetched.experiences))
    return JSON.stringify(explained.response) === JSON.stringify(fetched) && reasonsAgree
  }), { seed: SEED, numRuns: 500 })
  t.pass('500 random requests and clocks')
})

t.test('tracing does not change a decision: the explain path decides as the fetch path', async (t) => {
  const ws = compile()
  const exp = ws.experiencesByKey.get('split-test')!
  fc.assert(fc.property(fc.string({ maxLength: 20 }), (id) => {
    const visit = startVisit(ws, { identifiers: { customer_id: id } }, NOW)
    const a = decide(exp, visit, NOW.getTime(), false)
    const b = decide(exp, visit, NOW.getTime(), true)
    return a.reason === b.reason && a.variation === b.variation && a.bucket === b.bucket
  }), { seed: SEED, numRuns: 500 })
  t.pass('500 ids')
})
