#!/usr/bin/env node
// Micro-benchmark of the pure targeting engine (no HTTP): prints medians, never asserts.
//   npm run build && node bench/targeting.mjs [--batches 15] [--iterations 2000]
// Figures: one fetch of 25 keys x 10 audiences of mixed conditions (every audience tried), against a
// baseline measured in the same run (1 key, All Users); and a fetch of 2 keys from fixtures of
// 25 vs 10,000 experiences, to show the cost follows the keys asked, not the fixture size.
import { parseArgs } from 'node:util'
import { loadFixtureDocument } from '../dist/index.js'
// An internal, from its module: the package entry exports only the public API (docs/api.md).
import { evaluateFetch } from '../dist/targeting/evaluate.js'
import { microseconds } from './lib/micro.mjs'

const { values } = parseArgs({ options: { batches: { type: 'string', default: '15' }, iterations: { type: 'string', default: '2000' } } })
const BATCHES = Number(values.batches)
const ITERATIONS = Number(values.iterations)
const NOW = new Date('2026-11-30T12:00:00Z')
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

const text = (v) => ({ Text: { value: v, data_type: 'string' } })
/** Audience i fails for the benchmark request on one leaf; the last one is All Users. */
function audiences () {
  const out = []
  for (let i = 0; i < 9; i++) {
    out.push({
      id: `A${i}`,
      name: `Audience ${i}`,
      conditions: {
        all: [
          { field: 'user.plan', operator: 'in', value: ['pro', 'team'] },
          { field: 'session.utm_medium', operator: 'equals', value: 'email' },
          { field: 'geo.country', operator: 'in', value: ['IN', 'US'] },
          { field: 'device_type', operator: 'equals', value: 'mobile' },
          { field: 'day_of_week', operator: 'in', value: ['Monday', 'Tuesday'] },
          { field: 'time_of_day', operator: 'in', value: ['09-17'] },
          { field: 'user.lifetime_orders', operator: 'gte', value: 100 + i } // fails: the user has 12
        ]
      },
      variations: [{ weight: 50, payload: text('a') }, { weight: 50, payload: text('b') }]
    })
  }
  out.push({ id: 'AX', name: 'Everyone else', all_users: true, variations: [{ weight: 100, payload: text('x') }] })
  return out
}
function fixture (count, targeted) {
  return {
    workspaces: [{
      id: 'BENCH',
      personalize_api_key: 'k',
      geo: [{ cidr: '203.0.113.0/24', country: 'IN' }],
      users: [{ customer_id: 'u1', attributes: { plan: 'pro', lifetime_orders: 12 } }],
      experiences: Array.from({ length: count }, (_, i) => ({
        key: `experience-${String(i).padStart(5, '0')}`,
        name: `Experience ${i}`,
        status: 'Active',
        audiences: targeted ? audiences() : [{ id: 'A', name: 'All', all_users: true, variations: [{ weight: 100, payload: text('x') }] }]
      }))
    }]
  }
}
const wsOf = (doc) => loadFixtureDocument(doc, 'bench').workspaces.get('BENCH')

const measure = (fn) => microseconds(fn, { batches: BATCHES, iterations: ITERATIONS })

const request = (keys) => ({
  identifiers: { customer_id: 'u1' },
  experience_key: keys,
  utm_medium: 'email',
  USER_IP_ADDRESS: '203.0.113.9',
  USER_AGENT: IPHONE,
  DAY_OF_THE_WEEK: 'Monday',
  TIME_OF_THE_DAY: '10'
})

const small = wsOf(fixture(25, true))
const keys25 = small.experiences.map((e) => e.key)
const check = evaluateFetch(small, request(keys25), NOW)
if (Object.keys(check.experiences).length !== 25 || check.experiences[keys25[0]].experience_context.audience_id !== 'AX') {
  throw new Error('benchmark fixture does not behave as intended')
}
const baselineWs = wsOf(fixture(1, false))
const baseline = measure(() => evaluateFetch(baselineWs, request([baselineWs.experiences[0].key]), NOW))
const full = measure(() => evaluateFetch(small, request(keys25), NOW))

const t0 = process.hrtime.bigint()
const large = wsOf(fixture(10_000, true))
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6
const two = (ws) => request([ws.experiences[3].key, ws.experiences[ws.experiences.length - 2].key])
const twoSmall = measure(() => evaluateFetch(small, two(small), NOW))
const twoLarge = measure(() => evaluateFetch(large, two(large), NOW))

const row = (name, us, base) => console.log(`${name.padEnd(58)} ${us.toFixed(2).padStart(9)} µs  ${base === undefined ? '' : `x${(us / base).toFixed(1)}`}`)
console.log(`node ${process.version}, ${BATCHES} batches x ${ITERATIONS} calls, medians per call`)
row('baseline: 1 key, All Users', baseline)
row('25 keys x 10 audiences, 7 conditions each, all tried', full, baseline)
row('2 keys of a 25-experience fixture', twoSmall, baseline)
row('2 keys of a 10,000-experience fixture', twoLarge, baseline)
console.log(`ratio 10,000 / 25 experiences for a 2-key fetch: x${(twoLarge / twoSmall).toFixed(2)}`)
console.log(`load + compile of the 10,000-experience fixture (100,000 audiences): ${loadMs.toFixed(0)} ms`)
