// Server processes for the benchmark: spawned, waited for, measured (peak RSS), ended.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const MOCK = ['dist/cli/main.js', 'serve', '--port', '0', '--rate-limit', 'off', '--log-level', 'silent']
export const BARE = ['bench/servers/bare-fastify.mjs']

/**
 * On a machine of two or more cores with taskset (util-linux), the server runs on core 1 and this process, the load
 * generator, on core 0, so neither takes the other's CPU; elsewhere both share what there is.
 */
export const PINNED = pinLoadGenerator()

function pinLoadGenerator () {
  if (cpus().length < 2) return false
  try {
    execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** `node ...args` as a server process: on core 1 when PINNED. */
function spawnServer (args, stdio) {
  return PINNED
    ? spawn('taskset', ['-c', '1', process.execPath, ...args], { cwd: ROOT, stdio })
    : spawn(process.execPath, args, { cwd: ROOT, stdio })
}

/** Starts `node ...args`; resolves once it prints "listening on URL". */
export function startProcess (args) {
  const started = performance.now()
  const child = spawnServer(args, ['ignore', 'pipe', 'pipe'])
  let out = ''
  let err = ''
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (c) => { err += c })
    child.stdout.on('data', (c) => {
      out += c
      const m = /listening on (\S+)/.exec(out)
      if (m !== null) resolve({ child, url: m[1], startedAt: started, stop: () => stop(child) })
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${err}`)))
  })
}

function stop (child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Peak resident set size of a process, in MB (Linux: VmHWM). */
export function peakRssMb (pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? undefined : Number(m[1]) / 1024
  } catch {
    return undefined
  }
}

/** Spawn to first 200 of `probe(url)`, in ms. */
export async function timeToFirst200 (args, probe) {
  const t0 = performance.now()
  const child = spawnServer(args, ['ignore', 'pipe', 'ignore'])
  let out = ''
  child.stdout.on('data', (c) => { out += c })
  try {
    for (;;) {
      const m = /listening on (\S+)/.exec(out)
      if (m !== null) {
        const res = await probe(m[1]).catch(() => undefined)
        if (res?.status === 200) return performance.now() - t0
      }
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  } finally {
    await stop(child)
  }
}

/** Loads a fixture file in a fresh process (bench/lib/load-fixture.mjs): { ms, peak_rss_mb }. */
export function loadInFreshProcess (file) {
  return JSON.parse(execFileSync(process.execPath, ['bench/lib/load-fixture.mjs', file], { cwd: ROOT, encoding: 'utf8' }))
}

/** CPU time (user + system) a process has used so far, in microseconds (Linux: /proc/<pid>/stat). */
export function cpuMicros (pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10_000 // clock ticks of 10 ms
  } catch {
    return undefined
  }
}
