// argv -> one frozen options object, or a usage error. No process.env reads below this point.
import { parseArgs } from 'node:util'

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 4010

export const USAGE = `Usage: personalize-mock [serve] [--port N] [--host H] [--fixtures FILE]

Commands:
  serve        start the mock Personalize API (default)

Options:
  --port N         port to listen on; 0 picks any free port (default ${DEFAULT_PORT})
  --host H         interface to bind (default ${DEFAULT_HOST})
  --fixtures FILE  fixture file to serve (default: the embedded demo workspace)
  -h, --help       show this help`

export interface ServeOptions {
  readonly command: 'serve'
  readonly host: string
  readonly port: number
  /** undefined: the embedded demo fixtures. */
  readonly fixtures: string | undefined
}

export type CliOptions = ServeOptions | { readonly command: 'help' }

export class UsageError extends Error {}

export function parseCli (argv: readonly string[]): CliOptions {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        fixtures: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help === true) return Object.freeze({ command: 'help' })
  const [command = 'serve', ...extra] = positionals
  if (command !== 'serve') throw new UsageError(`unknown command "${command}"`)
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  return Object.freeze({
    command,
    host: values.host ?? DEFAULT_HOST,
    port: parsePort(values.port),
    fixtures: values.fixtures
  })
}

function parsePort (raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${raw}"`)
  return port
}
