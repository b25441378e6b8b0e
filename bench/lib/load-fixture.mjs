// node bench/lib/load-fixture.mjs FILE: loads a fixture file as the CLI does (read, parse, validate, compile) in a
// fresh process and prints {"ms": load time, "peak_rss_mb": the process's peak resident set} as JSON.
import { readFileSync } from 'node:fs'
import { loadFixtureFile } from '../../dist/index.js'

const started = performance.now()
const fixtures = await loadFixtureFile(process.argv[2])
const ms = performance.now() - started
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
console.log(JSON.stringify({ ms, peak_rss_mb: hwm === null ? undefined : Number(hwm[1]) / 1024, workspaces: fixtures.workspaces.size }))
