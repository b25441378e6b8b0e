#!/usr/bin/env node
// Micro-benchmark of replay lookups (no HTTP): prints medians, never asserts.
//   npm run build && node bench/replay.mjs [--batches 15] [--iterations 500]
// Figures: a recorded call found in recordings of 100 and 10,000 fetches of one workspace (the same route, so every
// lookup is in the largest group possible), and a call not found there (the near miss is computed over the whole
// group: the strict path), against a baseline measured in the same run, the targeting engine answering the same
// request from the demo fixtures.
import { parseArgs } from 'node:util'
import { loadFixtureFile } from '../dist/index.js'
// Internals, from their modules: the package entry exports only the public API (docs/api.md).
import { DEMO_FIXTURE_FILE } from '../dist/fixtures/demo.js'
import { evaluateFetch } from '../dist/targeting/evaluate.js'
import { Recorder } from '../dist/record/recording.js'
import { ReplayStore } from '../dist/record/replay-store.js'
import { microseconds } from './lib/micro.mjs'

const { values } = parseArgs({ options: { batches: { type: 'string', default: '15' }, iterations: { type: 'string', default: '500' } } })
const BATCHES = Number(values.batches)
const ITERATIONS = Number(values.iterations)
const NOW = new Date('2026-11-30T12:00:00Z')

const ws = (await loadFixtureFile(DEMO_FIXTURE_FILE)).workspaces.get('DEMO_WORKSPACE')
const KEYS = ['homepage-banner', 'email-landing-banner', 'loyalty-offer', 'geo-shipping-note']
const body = (i) => ({ identifiers: { customer_id: `customer-${i}` }, experience_key: KEYS, utm_medium: 'email', USER_IP_ADDRESS: '203.0.113.9' })

/** A recording of `n` fetches by different customers, answered as the demo answers them. */
function store (n) {
  const recorder = new Recorder({ upstream: 'http://127.0.0.1:1/v1' })
  for (let i = 0; i < n; i++) {
    const answer = JSON.stringify(evaluateFetch(ws, body(i), NOW))
    recorder.add(
      { method: 'POST', url: '/v1/experiences/fetch', workspace: 'DEMO_WORKSPACE', body: body(i) },
      { status: 200, headers: { 'content-type': 'application/json' }, text: answer },
      1
    )
  }
  return new ReplayStore(JSON.parse(JSON.stringify(recorder.recording)), 'bench')
}

const measure = (fn, iterations = ITERATIONS) => microseconds(fn, { batches: BATCHES, iterations, warmUp: Math.min(iterations, 200) })

const incoming = (i) => ({ method: 'POST', url: '/v1/experiences/fetch', workspace: 'DEMO_WORKSPACE', body: body(i) })
const small = store(100)
const t0 = process.hrtime.bigint()
const large = store(10_000)
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6
if (!large.answer(incoming(5_000)).matched || large.answer(incoming(20_000)).matched) throw new Error('the benchmark recording does not behave as intended')

const baseline = measure(() => evaluateFetch(ws, body(42), NOW))
const hitSmall = measure(() => small.answer(incoming(50)))
const hitLarge = measure(() => large.answer(incoming(5_000)))
const missSmall = measure(() => small.answer(incoming(20_000)))
const missLarge = measure(() => large.answer(incoming(20_000)), Math.max(1, Math.floor(ITERATIONS / 50)))

const row = (name, us) => console.log(`${name.padEnd(62)} ${us.toFixed(2).padStart(10)} µs  x${(us / baseline).toFixed(1)}`)
console.log(`node ${process.version}, ${BATCHES} batches, medians per call; ratios against the baseline`)
row('baseline: the engine answers 4 keys from the demo fixtures', baseline)
row('replay, recorded call found among 100 fetches', hitSmall)
row('replay, recorded call found among 10,000 fetches', hitLarge)
row('replay, call not recorded, near miss over 100 fetches', missSmall)
row('replay, call not recorded, near miss over 10,000 fetches', missLarge)
console.log(`ratio found among 10,000 / among 100: x${(hitLarge / hitSmall).toFixed(2)}`)
console.log(`recording 10,000 fetches and indexing them for replay: ${buildMs.toFixed(0)} ms`)
