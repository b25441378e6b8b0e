// Running the built CLI (dist/, which `npm test` builds first) as a user would.
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const main = path.join(root, 'dist', 'cli', 'main.js')

export interface Started {
  child: ChildProcess
  /** Resolves with stdout once the banner (ending with the curl's -d line) is printed. */
  banner: Promise<string>
  exit: Promise<number | null>
  stdout: () => string
  stderr: () => string
}

/** Starts `personalize-mock ARGS`; `banner` resolves once stdout matches `ready` (default: serve's banner). Kill it in teardown. */
export function start (args: string[], ready: RegExp = /-d '.*'\n/): Started {
  const child = spawn(process.execPath, [main, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
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
  return promisify(execFile)(file, args, { cwd: root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))
}

/** `personalize-mock ARGS` to completion. */
export function cli (args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return run(process.execPath, [main, ...args], env)
}

/** The base URL from a serve banner. */
export function baseUrlOf (banner: string): string {
  return /^listening on (\S+)$/m.exec(banner)?.[1] ?? ''
}
