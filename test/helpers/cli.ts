// The CLI in tests: in-process through run() (most tests), or the built entry point (dist/, which `npm test`
// builds first) in a real process, as a user runs it (one smoke test per command, and tests of the process itself).
import { spawn, execFile, type ChildProcess, type SpawnOptionsWithStdioTuple } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { run as runCli, type CliIo } from '../../src/cli/run.js'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const main = path.join(root, 'dist', 'cli', 'main.js')

/** serve's banner ends with the curl's -d line. */
const SERVE_READY = /-d '.*'\n/

/**
 * The environment of a process a test starts as a user would: this process's, without the module hooks the test
 * runner puts in NODE_OPTIONS (tap's process tracking costs a child about a second of CPU and is no part of the CLI).
 */
export function childEnv (extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const options = (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter((option) => option !== '' && !option.includes('@tapjs'))
  return { ...process.env, NODE_OPTIONS: options.join(' '), ...extra }
}

/** Resolves once `check` holds of the output, checked at each write; rejects if the command ends first. */
type Until = (check: (stdout: string, stderr: string) => boolean) => Promise<void>

export interface Started {
  child: ChildProcess
  /** Resolves with stdout once the banner (ending with the curl's -d line) is printed. */
  banner: Promise<string>
  exit: Promise<number | null>
  stdout: () => string
  stderr: () => string
  until: Until
}

/**
 * Starts `personalize-mock ARGS` in a process; `banner` resolves once stdout matches `ready` (default: serve's
 * banner). With `terminal`, its stdout is a pseudo-terminal (util-linux's `script`), as in a user's shell, and its
 * lines end in CRLF. Kill it in teardown.
 */
export function start (args: string[], ready: RegExp = SERVE_READY, { terminal = false } = {}): Started {
  const options: SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> = { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] }
  const child = terminal
    ? spawn('script', ['-qec', [process.execPath, main, ...args].map((word) => `'${word}'`).join(' '), '/dev/null'], options)
    : spawn(process.execPath, [main, ...args], options)
  let out = ''
  let err = ''
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const waiter = outputWaiter(() => [out, err])
  const until = waiter.until(exit)
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); waiter.written() })
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); waiter.written() })
  const banner = until((stdout) => ready.test(stdout)).then(() => out)
  // Awaited by most callers; a command that fails at start must not count as an unhandled rejection.
  banner.catch(() => {})
  return { child, banner, exit, stdout: () => out, stderr: () => err, until }
}

/**
 * Waiting on a command's output: `written()` is called at each write, and `until(exit)` makes the wait for a
 * command that ends with `exit`: `check` is tried now and at each write, and the wait fails if `exit` comes first.
 */
function outputWaiter (read: () => [string, string]): { written: () => void, until: (exit: Promise<number | null>) => Until } {
  const waiters = new Set<() => void>()
  return {
    written: () => { for (const test of [...waiters]) test() },
    until: (exit) => (check) => new Promise((resolve, reject) => {
      const test = (): void => {
        if (!check(...read())) return
        waiters.delete(test)
        resolve()
      }
      waiters.add(test)
      test()
      void exit.then((code) => {
        if (!waiters.delete(test)) return
        const [stdout, stderr] = read()
        reject(new Error(`ended with ${code} before the output was as awaited: ${stderr === '' ? stdout.slice(-1000) : stderr}`))
      })
    })
  }
}

export interface Ran { code: number, stdout: string, stderr: string }

export function run (file: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return promisify(execFile)(file, args, { cwd: root, env: childEnv(env), maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))
}

/** `personalize-mock ARGS` to completion, in a process. */
export function cli (args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return run(process.execPath, [main, ...args], env)
}

/** The base URL from a serve banner. */
export function baseUrlOf (banner: string): string {
  return /^listening on (\S+)$/m.exec(banner)?.[1] ?? ''
}

export interface InProcess {
  /** Resolves with stdout once it matches `ready`; rejects if the command ends first. */
  banner: Promise<string>
  /** The exit code run() resolves to. */
  exit: Promise<number>
  /** What was printed so far; stdout holds the server's log lines too. */
  stdout: () => string
  stderr: () => string
  until: Until
  /** Delivers a signal (default SIGTERM) as the process would; resolves with the exit code. */
  stop: (signal?: string) => Promise<number>
}

/**
 * Starts `personalize-mock ARGS` in this process: run() with outputs kept in strings and signals delivered by
 * stop(). Live credentials come from `env` alone, never from this process's environment.
 */
export function startInProcess (args: string[], ready: RegExp = SERVE_READY, env: Record<string, string> = {}): InProcess {
  let out = ''
  let err = ''
  const handlers = new Set<(signal: string) => void>()
  const waiter = outputWaiter(() => [out, err])
  const io: CliIo = {
    out: (text) => { out += `${text}\n`; waiter.written() },
    err: (text) => { err += `${text}\n`; waiter.written() },
    log: { write: (line) => { out += line; waiter.written() } },
    onSignal: (stop) => {
      handlers.add(stop)
      return () => { handlers.delete(stop) }
    }
  }
  const exit = runCli(args, env, io)
  const until = waiter.until(exit)
  const banner = until((stdout) => ready.test(stdout)).then(() => out)
  // Awaited by most callers; a command that fails at start must not count as an unhandled rejection.
  banner.catch(() => {})
  return {
    banner,
    exit,
    stdout: () => out,
    stderr: () => err,
    until,
    stop: (signal = 'SIGTERM') => {
      for (const handler of [...handlers]) handler(signal)
      return exit
    }
  }
}

/** `personalize-mock ARGS` to completion, in this process. */
export async function cliInProcess (args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const started = startInProcess(args, /$^/, env)
  const code = await started.exit
  return { code, stdout: started.stdout(), stderr: started.stderr() }
}

/** Starts `ARGS` in this process and stops it (SIGTERM) in teardown. */
export function serving (t: { teardown: (fn: () => unknown) => void }, args: string[], ready?: RegExp): InProcess {
  const started = startInProcess(args, ready)
  t.teardown(() => started.stop())
  return started
}
