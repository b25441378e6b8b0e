#!/usr/bin/env node
// Start-up only: spawn to first 200, personalize-mock CLI against a bare Fastify process, interleaved.
//   node bench/startup.mjs [--tries 15]
import { parseArgs } from 'node:util'
import { BARE, MOCK, timeToFirst200 } from './lib/processes.mjs'
import { BENCH_WORKSPACE } from './lib/fixture.mjs'

const { values } = parseArgs({ options: { tries: { type: 'string', default: '15' } } })
const AUTH = { 'moe-appkey': 'DEMO_WORKSPACE', authorization: 'Basic ' + Buffer.from('DEMO_WORKSPACE:demo-personalize-key').toString('base64') }
void BENCH_WORKSPACE
const probe = (url) => fetch(`${url}/experiences/metadata`, { headers: AUTH })
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const bare = []
const cli = []
for (let i = 0; i < Number(values.tries); i++) {
  bare.push(await timeToFirst200(BARE, probe))
  cli.push(await timeToFirst200(MOCK, probe))
}
console.log(
  `spawn to first 200, median of ${values.tries}: bare Fastify ${median(bare).toFixed(0)} ms, ` +
  `personalize-mock (demo fixtures) ${median(cli).toFixed(0)} ms, x${(median(cli) / median(bare)).toFixed(2)}`
)
