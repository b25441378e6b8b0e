#!/usr/bin/env node
// npm run bench: throughput, latency, start-up, memory and scaling of the mock, each against a ceiling
// measured in the same run. Prints figures; asserts nothing. Real sockets on 127.0.0.1, bounded in time.
//   node --expose-gc bench/run.mjs [--duration 5] [--connections 10,50] [--runs 3] [--quick] [--json]
import { parseArgs } from 'node:util'
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, cpus, totalmem, release } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { benchFixture, fetchBody } from './lib/fixture.mjs'
import { AUTH, SCENARIOS, keysOf } from './lib/scenarios.mjs'
import { BARE, MOCK, PINNED, cpuMicros, loadInFreshProcess, peakRssMb, startProcess, timeToFirst200 } from './lib/processes.mjs'
import { startMockServer } from '../dist/index.js'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10,50' },
    runs: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }
  }
})
const DURATION = values.quick ? 2 : Number(values.duration)
const RUNS = values.quick ? 1 : Number(values.runs)
const CONNECTIONS = values.connections.split(',').map(Number)
const say = (line) => { if (!values.json) console.log(line) }

/**
 * A req/s ratio says something only when the ceiling's server was the bottleneck: on a slow machine the load
 * generator may not keep even the bare server busy, and then both servers answer as fast as they are asked.
 */
const SATURATED = 0.8
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

/**
 * One autocannon run; bodies rotate through `body(i)` so requests differ like real traffic. With `pid`, the
 * server's CPU time per request is measured too: on a 2-core machine the load generator shares the CPU, so
 * req/s alone mixes the server's cost with the client's.
 */
async function load (url, { method = 'POST', path: p, connections, body, pid }) {
  let i = 0
  const cpuBefore = pid === undefined ? undefined : cpuMicros(pid)
  const result = await autocannon({
    url: url.replace(/\/v1$/, ''),
    connections,
    duration: DURATION,
    requests: [{
      method,
      path: p,
      headers: AUTH,
      ...(body === undefined ? {} : { setupRequest: (req) => ({ ...req, body: JSON.stringify(body(i++)) }) })
    }]
  })
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad > 0) throw new Error(`${p}: ${bad} failed requests (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`)
  const cpuAfter = pid === undefined ? undefined : cpuMicros(pid)
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpu_us: cpu === undefined ? undefined : cpu / result.requests.total,
    // The share of its core the server used: well under 1, and the load generator, not the server, set the pace.
    busy: cpu === undefined ? undefined : cpu / (result.duration * 1e6)
  }
}

/** Medians of req/s, p50, p99 and server CPU over runs. */
function summary (runs) {
  const cpu = runs.map((x) => x.cpu_us).filter((x) => x !== undefined)
  return {
    rps: median(runs.map((x) => x.rps)),
    p50: median(runs.map((x) => x.p50)),
    p99: median(runs.map((x) => x.p99)),
    ...(cpu.length > 0 ? { cpu_us: median(cpu), busy: median(runs.map((x) => x.busy)) } : {})
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'pm-bench-'))
function fixtureFile (experiences) {
  const file = path.join(dir, `fixture-${experiences}.json`)
  writeFileSync(file, JSON.stringify(benchFixture({ experiences })))
  return file
}

const results = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release() },
  settings: { duration_s: DURATION, runs: RUNS, pinned: PINNED },
  throughput: [],
  scaling: [],
  startup: {},
  memory: {}
}
/** A ratio as a right-aligned percentage column; empty when not measured. */
const percentColumn = (ratio) => ratio === undefined ? '' : `${(100 * ratio).toFixed(0).padStart(5)} %`
const row = (r) => say(
  `${r.scenario.padEnd(46)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(0).padStart(8)} ` +
  `${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)} ${(r.cpu_us?.toFixed(1) ?? '').padStart(8)} ` +
  `${percentColumn(r.vs_ceiling)} ${percentColumn(r.cpu_vs_ceiling)}`
)

try {
  say(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model}, ${DURATION} s per run, median of ${RUNS} run(s)`)
  say(PINNED ? 'servers on core 1, the load generator on core 0 (taskset)' : 'servers and the load generator share the cores (no taskset)')
  say(
    `${'scenario'.padEnd(46)} ${'conns'.padStart(5)} ${'req/s'.padStart(8)} ` +
    `${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs'.padStart(8)}  req/s  CPU eff.`
  )
  say(`${''.padEnd(46)} ${''.padStart(5)} ${''.padStart(8)} ${''.padStart(7)} ${''.padStart(7)} ${'/req'.padStart(8)}  vs ceiling (CPU: ceiling µs / mock µs)`)

  // ── Throughput: each run of a scenario right after a run of the ceiling (both servers up, each idle while the other
  // is loaded), so a machine that slows down mid-benchmark slows both; ratios are the median of the pairs' ratios ──
  const realistic = fixtureFile(24)
  const bare = await startProcess(BARE)
  const mock = await startProcess([...MOCK, '--fixtures', realistic])
  const ceilingLoad = (connections) => ({ ...SCENARIOS.fetch2, connections, pid: bare.child.pid })
  const last = CONNECTIONS.at(-1)
  const scenarios = [
    ...CONNECTIONS.map((connections) => ({ ...SCENARIOS.fetch2, connections })),
    ...['fetch25', 'nokeys', 'metadata', 'events'].map((name) => ({ ...SCENARIOS[name], connections: last }))
  ]
  const ceilingRuns = {}
  const mockRows = []
  for (const s of scenarios) {
    if (s.path.endsWith('/events')) results.memory.peak_rss_mb_fetch_only = peakRssMb(mock.child.pid)
    const pairs = []
    for (let r = 0; r < RUNS; r++) pairs.push({ c: await load(bare.url, ceilingLoad(s.connections)), m: await load(mock.url, { ...s, pid: mock.child.pid }) })
    ;(ceilingRuns[s.connections] ??= []).push(...pairs.map((p) => p.c))
    mockRows.push({
      scenario: s.scenario,
      connections: s.connections,
      ...summary(pairs.map((p) => p.m)),
      vs_ceiling: median(pairs.map((p) => p.m.rps / p.c.rps)),
      cpu_vs_ceiling: median(pairs.map((p) => p.c.cpu_us / p.m.cpu_us)),
      ceiling_busy: median(pairs.map((p) => p.c.busy)),
      cpu_ratio: median(pairs.map((p) => p.m.cpu_us / p.c.cpu_us)),
      p99_ratio: median(pairs.map((p) => p.m.p99 / p.c.p99))
    })
  }
  for (const connections of Object.keys(ceilingRuns).map(Number)) {
    const runs = ceilingRuns[connections]
    results.throughput.push({ scenario: 'ceiling: bare Fastify, small JSON', connections, ...summary(runs), runs: runs.length })
  }
  results.throughput.push(...mockRows)
  for (const r of results.throughput) row(r)
  say(`the ceiling's server used ${results.throughput.filter((r) => r.scenario.startsWith('ceiling'))
    .map((r) => `${(100 * r.busy).toFixed(0)} % of its core at ${r.connections} connections`).join(', ')} (req/s ratios are judged from ${100 * SATURATED} %)`)
  results.memory.peak_rss_mb_ceiling = peakRssMb(bare.child.pid)
  results.memory.peak_rss_mb_realistic = peakRssMb(mock.child.pid)
  await bare.stop()
  await mock.stop()

  // ── Scaling: the cost follows the keys asked, not the fixture size ──
  say('\nscaling: fetch at 10 connections, by fixture size')
  say(
    `${'experiences'.padStart(11)} ${'2 keys req/s'.padStart(13)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(11)} ` +
    `${'25 keys req/s'.padStart(14)} ${'p99 ms'.padStart(7)} ${'start ms'.padStart(9)} ${'peak RSS MB'.padStart(12)}`
  )
  // All sizes up at once, measured in turns, so each round sees the machine alike.
  const sizes = [10, 100, 1000, 10000]
  const servers = []
  for (const size of sizes) {
    const file = fixtureFile(size)
    const t0 = performance.now()
    servers.push({ size, server: await startProcess([...MOCK, '--fixtures', file]), startMs: performance.now() - t0, two: [], many: [] })
  }
  // The 2-key runs of a round one after another (10 and 10,000 experiences side by side), then the 25-key runs.
  const twoKeyOrder = [servers[0], servers.at(-1), ...servers.slice(1, -1)]
  for (let r = 0; r < RUNS; r++) {
    for (const s of twoKeyOrder) s.two.push(await load(s.server.url, { ...SCENARIOS.fetch2, connections: 10, pid: s.server.child.pid }))
    for (const s of servers) {
      s.many.push(await load(s.server.url, { path: '/v1/experiences/fetch', connections: 10, body: (i) => fetchBody(keysOf(Math.min(25, s.size)), i) }))
    }
  }
  for (const s of servers) {
    const two = summary(s.two)
    const many = summary(s.many)
    const rss = peakRssMb(s.server.child.pid)
    await s.server.stop()
    results.scaling.push({ experiences: s.size, keys2: two, keys25: many, start_ms: s.startMs, peak_rss_mb: rss })
    say(
      `${String(s.size).padStart(11)} ${two.rps.toFixed(0).padStart(13)} ${two.p99.toFixed(2).padStart(7)} ${two.cpu_us?.toFixed(1).padStart(11)} ` +
      `${many.rps.toFixed(0).padStart(14)} ${many.p99.toFixed(2).padStart(7)} ${s.startMs.toFixed(0).padStart(9)} ${rss?.toFixed(0).padStart(12)}`
    )
  }
  // Per round: the server CPU of a 2-key fetch at 10,000 experiences over that at 10 (the cost; at 10 connections the
  // round trip, not the server, sets the rate, so req/s ratios are shown but not judged), and the req/s ratio.
  results.follows_keys = {
    cpu_ratio: median(servers.at(-1).two.map((x, r) => x.cpu_us / servers[0].two[r].cpu_us)),
    rps_ratio: median(servers.at(-1).two.map((x, r) => x.rps / servers[0].two[r].rps))
  }

  // ── Fixture load: 10,000 experiences, read, parsed, validated and compiled as the CLI does, in a fresh process ──
  const loads = []
  for (let i = 0; i < (values.quick ? 1 : 3); i++) loads.push(loadInFreshProcess(fixtureFile(10000)))
  results.memory.load_10k_ms = median(loads.map((l) => l.ms))
  results.memory.load_10k_peak_rss_mb = median(loads.map((l) => l.peak_rss_mb))
  say(
    `\nfixture of 10,000 experiences, in a fresh process (median of ${loads.length}): load + validate + compile ` +
    `${results.memory.load_10k_ms.toFixed(0)} ms, peak RSS ${results.memory.load_10k_peak_rss_mb.toFixed(0)} MB`
  )
  say(
    `peak RSS under load: mock (24 experiences) ${results.memory.peak_rss_mb_fetch_only?.toFixed(0)} MB through the fetch and metadata runs, ` +
    `${results.memory.peak_rss_mb_realistic?.toFixed(0)} MB once the events run filled the journal; ` +
    `bare Fastify ceiling ${results.memory.peak_rss_mb_ceiling?.toFixed(0)} MB`
  )

  // ── Start-up: spawn to first 200, the CLI against a bare Fastify process; in-process start ──
  const probe = (url) => fetch(`${url}/experiences/metadata`, { headers: AUTH })
  const tries = values.quick ? 3 : 7
  const cli = []
  const bareStart = []
  for (let i = 0; i < tries; i++) {
    bareStart.push(await timeToFirst200(BARE, probe))
    cli.push(await timeToFirst200([...MOCK, '--fixtures', realistic], probe))
  }
  const inProcess = []
  const demo = []
  for (let i = 0; i < tries * 2; i++) {
    const t0 = performance.now()
    const m = await startMockServer({ fixtures: realistic, rateLimit: false })
    await fetch(`${m.baseUrl}/experiences/metadata`, { headers: AUTH })
    inProcess.push(performance.now() - t0)
    await m.close()
    const t1 = performance.now()
    const d = await startMockServer()
    await d.client().getMetadata()
    demo.push(performance.now() - t1)
    await d.close()
  }
  results.startup = {
    bare_process_ms: median(bareStart),
    cli_process_ms: median(cli),
    ratio: median(cli) / median(bareStart),
    in_process_ms: median(inProcess.slice(1)),
    in_process_demo_ms: median(demo.slice(1)),
    first_in_process_ms: inProcess[0]
  }
  say(
    `\nstart-up, spawn to first 200 (median of ${tries}): bare Fastify ${results.startup.bare_process_ms.toFixed(0)} ms, ` +
    `personalize-mock CLI ${results.startup.cli_process_ms.toFixed(0)} ms (x${results.startup.ratio.toFixed(2)})`
  )
  say(
    `in-process startMockServer() to first response (median of ${tries * 2 - 1}, after the first): ${results.startup.in_process_ms.toFixed(1)} ms ` +
    `(demo fixtures: ${results.startup.in_process_demo_ms.toFixed(1)} ms; the very first: ${results.startup.first_in_process_ms.toFixed(0)} ms)`
  )

  // ── Targets: ratios to the ceiling measured in this run, and the fixture-load budget ──
  const scenario = (prefix, connections = CONNECTIONS.at(-1)) => results.throughput.find((r) => r.scenario.startsWith(prefix) && r.connections === connections)
  const ceiling = scenario('ceiling')
  const fetch2 = scenario('fetch 2 keys')
  const ratioTarget = (name, r, min) => [
    `${name} >= ${min.toFixed(2)} x the ceiling's req/s`,
    r === undefined || r.ceiling_busy < SATURATED ? undefined : r.vs_ceiling >= min,
    r && `${r.vs_ceiling.toFixed(2)} x` + (r.ceiling_busy < SATURATED
      ? ` (not judged: the ceiling's server was ${(100 * r.ceiling_busy).toFixed(0)} % busy, so the load generator set the pace)`
      : '')
  ]
  const size10 = results.scaling.find((s) => s.experiences === 10)
  const size10k = results.scaling.find((s) => s.experiences === 10000)
  const rssRatio = results.memory.peak_rss_mb_realistic / results.memory.peak_rss_mb_ceiling
  const followsKeys = results.follows_keys
  results.targets = [
    ratioTarget('fetch 2 keys with targeting, 50 connections:', fetch2, 0.7),
    [
      'fetch 2 keys: server CPU per request <= 1.4 x the ceiling\'s',
      fetch2?.cpu_ratio === undefined ? undefined : fetch2.cpu_ratio <= 1.4,
      fetch2?.cpu_ratio && `${fetch2.cpu_ratio.toFixed(2)} x (${fetch2.cpu_us.toFixed(1)} vs ${ceiling.cpu_us.toFixed(1)} µs)`
    ],
    [
      'fetch 2 keys: p99 <= 1.5 x the ceiling\'s p99, 50 connections',
      fetch2 === undefined ? undefined : fetch2.p99_ratio <= 1.5,
      fetch2 && `${fetch2.p99_ratio.toFixed(2)} x (${fetch2.p99} vs ${ceiling.p99} ms)`
    ],
    ratioTarget('fetch 25 keys:', scenario('fetch 25 keys'), 0.35),
    ratioTarget('fetch without keys:', scenario('fetch without keys'), 0.35),
    ratioTarget('events, batch of 10:', scenario('events'), 0.35),
    [
      'spawn to first answer <= 1.5 x a bare Fastify process (interleaved)',
      results.startup.ratio <= 1.5,
      `${results.startup.ratio.toFixed(2)} x (${results.startup.cli_process_ms.toFixed(0)} vs ${results.startup.bare_process_ms.toFixed(0)} ms)`
    ],
    [
      'peak RSS under the load, default journal caps <= 1.3 x the bare Fastify process\'s',
      rssRatio <= 1.3,
      `${rssRatio.toFixed(2)} x (${results.memory.peak_rss_mb_realistic?.toFixed(0)} vs ${results.memory.peak_rss_mb_ceiling?.toFixed(0)} MB)`
    ],
    ['10,000 experiences load in <= 1.5 s', results.memory.load_10k_ms <= 1500, `${results.memory.load_10k_ms.toFixed(0)} ms`],
    ['10,000 experiences load with peak RSS <= 400 MB', results.memory.load_10k_peak_rss_mb <= 400, `${results.memory.load_10k_peak_rss_mb.toFixed(0)} MB`],
    [
      'fetch cost follows the keys asked: server CPU of 2 keys at 10,000 experiences <= 1.25 x at 10',
      followsKeys.cpu_ratio <= 1.25,
      `${followsKeys.cpu_ratio.toFixed(2)} x (${size10k.keys2.cpu_us?.toFixed(1)} vs ${size10.keys2.cpu_us?.toFixed(1)} µs; ` +
        `req/s ${followsKeys.rps_ratio.toFixed(2)} x)`
    ]
  ].map(([target, met, figure]) => ({ target, met, figure }))
  say('\ntargets:')
  for (const t of results.targets) say(`  ${t.met === true ? 'met ' : t.met === false ? 'MISS' : 'n/a '} ${t.target}: ${t.figure ?? 'not measured'}`)
  if (values.json) console.log(JSON.stringify(results, null, 2))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
