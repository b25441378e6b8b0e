// The CLI in tests: in-process through run() (most tests), or the built entry point (dist/, which `npm test`
// builds first) in a real process, as a user runs it (one smoke test per command, and tests of the process itself).
import { spawn, execFile, type ChildProcess } from 'node:child_process'
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

export interface Started {
  child: ChildProcess
  /** Resolves with stdout once the banner (ending with the curl's -d line) is printed. */
  banner: Promise<string>
  exit: Promise<number | null>
  stdout: () => string
  stderr: () => string
}

/** Starts `personalize-mock ARGS` in a process; `banner` resolves once stdout matches `ready` (default: serve's banner). Kill it in teardown. */
export function start (args: string[], ready: RegExp = SERVE_READY): Started {
  const child = spawn(process.execPath, [main, ...args], { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (ready.test(out)) resolve(out)
    })
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${err}`)))
  })
  return { child, banner, exit, stdout: () => out, stderr: () => err }
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
  /** Resolves once `check` holds of the output, checked at each write; rejects if the command ends first. */
  until: (check: (stdout: string, stderr: string) => boolean) => Promise<void>
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
  const waiters = new Set<() => void>()
  const handlers = new Set<(signal: string) => void>()
  const written = (): void => { for (const check of [...waiters]) check() }
  const io: CliIo = {
    out: (text) => { out += `${text}\n`; written() },
    err: (text) => { err += `${text}\n`; written() },
    log: { write: (line) => { out += line; written() } },
    onSignal: (stop) => {
      handlers.add(stop)
      return () => { handlers.delete(stop) }
    }
  }
  const exit = runCli(args, env, io)
  const until = (check: (stdout: string, stderr: string) => boolean): Promise<void> => new Promise((resolve, reject) => {
    const test = (): void => {
      if (!check(out, err)) return
      waiters.delete(test)
      resolve()
    }
    waiters.add(test)
    test()
    void exit.then((code) => {
      if (!waiters.delete(test)) return
      reject(new Error(`ended with ${code} before the output was as awaited: ${err}`))
    })
  })
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
