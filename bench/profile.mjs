#!/usr/bin/env node
// npm run bench:profile -- [--scenario fetch2|fetch25|nokeys|metadata|events] [--ceiling] [--duration 5] [--top 30] [--out DIR]
// Profiles the mock under one of the benchmark's loads: the CLI runs with --cpu-prof on the benchmark fixture,
// autocannon drives it, and the profile is summed up by self time per function and per package (the bundled
// command's frames traced back through its source map). The .cpuprofile
// is kept (open it in Chrome's DevTools or speedscope for a flame graph). --ceiling profiles the benchmark's bare
// Fastify process under the same load instead, for what every server pays. Prints figures; asserts nothing.
import { parseArgs } from 'node:util'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { benchFixture } from './lib/fixture.mjs'
import { AUTH, SCENARIOS } from './lib/scenarios.mjs'
import { BARE, MOCK, startProcess } from './lib/processes.mjs'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'fetch2' },
    duration: { type: 'string', default: '5' },
    top: { type: 'string', default: '30' },
    ceiling: { type: 'boolean', default: false },
    out: { type: 'string' }
  }
})
const scenario = SCENARIOS[values.scenario]
if (scenario === undefined) throw new Error(`--scenario: one of ${Object.keys(SCENARIOS).join(', ')}`)

const dir = values.out === undefined ? mkdtempSync(path.join(tmpdir(), 'pm-profile-')) : (mkdirSync(values.out, { recursive: true }), values.out)
const fixture = path.join(dir, 'fixture.json')
writeFileSync(fixture, JSON.stringify(benchFixture({ experiences: 24 })))
const server = await startProcess(['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(values.ceiling ? BARE : [...MOCK, '--fixtures', fixture])])
let i = 0
const result = await autocannon({
  url: server.url.replace(/\/v1$/, ''),
  connections: 50,
  duration: Number(values.duration),
  requests: [{
    method: scenario.method ?? 'POST',
    path: scenario.path,
    headers: AUTH,
    ...(scenario.body === undefined ? {} : { setupRequest: (req) => ({ ...req, body: JSON.stringify(scenario.body(i++)) }) })
  }]
})
await server.stop()

/** Where a frame of the bundled command (dist/cli/main.js) comes from, by its source map: a package or our source. */
const bundleMaps = new Map()
function original ({ url, lineNumber, columnNumber }) {
  if (!url.endsWith('/dist/cli/main.js')) return { url, lineNumber }
  if (!bundleMaps.has(url)) bundleMaps.set(url, new SourceMap(JSON.parse(readFileSync(fileURLToPath(url) + '.map', 'utf8'))))
  const entry = bundleMaps.get(url).findEntry(lineNumber, columnNumber)
  if (entry.originalSource === undefined) return { url, lineNumber }
  return { url: new URL(entry.originalSource, url).href, lineNumber: entry.originalLine }
}

const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f))[0]
const profile = JSON.parse(readFileSync(file, 'utf8'))
const selfUs = new Map()
for (let s = 0; s < profile.samples.length; s++) selfUs.set(profile.samples[s], (selfUs.get(profile.samples[s]) ?? 0) + (profile.timeDeltas[s] ?? 0))
const byFunction = new Map()
const byPackage = new Map()
let busy = 0
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0
  const { functionName } = node.callFrame
  if (functionName === '(idle)') continue
  busy += us
  const { url, lineNumber } = original(node.callFrame)
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|src)\//, '$1/')
  const pkg = url.includes('node_modules/') ? where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/') : url.startsWith('node:') ? 'node' : url === '' ? `(${functionName.replace(/[()]/g, '')})` : 'the mock'
  const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us)
}
const perRequest = (us) => (us / result.requests.total).toFixed(2).padStart(7)
console.log(`${values.scenario}: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s; ` +
  `busy CPU on the main thread ${perRequest(busy).trim()} µs per request\n`)
console.log('µs/req  package')
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${perRequest(v)}  ${k}`)
console.log('\nµs/req  function (self time)')
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${perRequest(v)}  ${k}`)
console.log(`\nprofile: ${file}`)
