#!/usr/bin/env node
// npm run bench:inject -- [--requests 20000] [--batches 7]
// The server's own cost per request, without sockets: the mock's Fastify app (benchmark fixture, rate limit
// off) answers fetch.inject() calls in process, against a bare Fastify app answering the same requests. CPU time
// per request, median over batches after a warm-up; the difference is what the pipeline, the engine and the
// journals cost. Steadier than the socket benchmark on a shared machine: use it to compare code variants.
import { parseArgs } from 'node:util'
import Fastify from 'fastify'
import { buildServer } from '../dist/server/app.js'
import { loadFixtureDocument } from '../dist/fixtures/load.js'
import { benchFixture, BENCH_WORKSPACE, fetchBody } from './lib/fixture.mjs'
import { median } from './lib/micro.mjs'
import { eventsBatch, keysOf } from './lib/scenarios.mjs'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    batches: { type: 'string', default: '7' }
  }
})
const REQUESTS = Number(values.requests)
const BATCHES = Number(values.batches)
const HEADERS = {
  'content-type': 'application/json',
  'moe-appkey': BENCH_WORKSPACE.id,
  authorization: 'Basic ' + Buffer.from(`${BENCH_WORKSPACE.id}:${BENCH_WORKSPACE.key}`).toString('base64')
}

/** CPU µs per request of `app` answering `request(i)`, median over batches, after one batch of warm-up. */
async function perRequest (app, request) {
  const batch = Math.ceil(REQUESTS / BATCHES)
  const figures = []
  for (let b = -1; b < BATCHES; b++) {
    const before = process.cpuUsage()
    for (let i = 0; i < batch; i++) {
      const res = await app.inject(request(i))
      if (res.statusCode !== 200) throw new Error(`${res.statusCode}: ${res.body}`)
    }
    const used = process.cpuUsage(before)
    if (b >= 0) figures.push((used.user + used.system) / batch)
  }
  return median(figures)
}

const bare = Fastify({ logger: false })
bare.post('/v1/experiences/fetch', async () => ({ experiences: {} }))
await bare.ready()
const mock = await buildServer({ fixtures: loadFixtureDocument(benchFixture({ experiences: 24 }), 'bench'), rateLimit: false })
await mock.ready()

const post = (url, body) => (i) => ({ method: 'POST', url, headers: HEADERS, payload: JSON.stringify(body(i)) })
const scenarios = [
  ['fetch 2 keys, targeting (id, UTM, IP, UA)', post('/v1/experiences/fetch', (i) => fetchBody(keysOf(2), i))],
  ['fetch 25 keys', post('/v1/experiences/fetch', (i) => fetchBody(keysOf(24).concat('bench-unknown-key'), i))],
  ['fetch without keys (all 24 experiences)', post('/v1/experiences/fetch', (i) => fetchBody(undefined, i))],
  ['metadata', () => ({ method: 'GET', url: '/v1/experiences/metadata', headers: HEADERS })],
  ['events, batch of 10 elements', post('/v1/experiences/events', () => eventsBatch(10))]
]
const ceiling = await perRequest(bare, post('/v1/experiences/fetch', (i) => fetchBody(keysOf(2), i)))
console.log(`in process (inject), CPU µs per request, median of ${BATCHES} batches of ${Math.ceil(REQUESTS / BATCHES)}`)
console.log(`${'bare Fastify, small JSON'.padEnd(44)} ${ceiling.toFixed(1).padStart(7)}`)
for (const [name, request] of scenarios) {
  const us = await perRequest(mock, request)
  console.log(`${name.padEnd(44)} ${us.toFixed(1).padStart(7)}  (+${(us - ceiling).toFixed(1)} over bare)`)
}
await mock.close()
await bare.close()
