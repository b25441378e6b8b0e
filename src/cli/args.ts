// argv (+ the environment, for live credentials) -> one frozen options object, or a usage error.
// Nothing below the CLI reads process.env.
import { parseArgs } from 'node:util'
import { REPORTERS, type ReporterName } from '../contracts/reporters/index.js'

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 4010
/** Live contract runs stay far below the vendor's 10,000 requests/minute. */
export const DEFAULT_LIVE_RATE = 120

export const USAGE = `Usage:
  personalize-mock [serve] [--port N] [--host H] [--fixtures FILE]
  personalize-mock contract [--target mock|live] [--profile FILE] [--allow-writes]
                            [--reporter pretty|tap|junit|json] [--output FILE] [--rate N]
                            [--base-url URL | --data-center DC] [--workspace-id ID] [--api-key KEY]
  personalize-mock contract --compare [--fixtures FILE] [--profile FILE] (live credentials as above)

serve (default): start the mock Personalize API
  --port N         port to listen on; 0 picks any free port (default ${DEFAULT_PORT})
  --host H         interface to bind (default ${DEFAULT_HOST})
  --fixtures FILE  fixture file to serve (default: the embedded demo workspace)

contract: run the contract cases against a target and report
  --target mock    a mock started on a free port with the suite's own fixtures and profile (default)
  --target live    the real API: --base-url or --data-center, --workspace-id and --api-key, or the
                   environment variables PERSONALIZE_BASE_URL, PERSONALIZE_DATA_CENTER,
                   PERSONALIZE_WORKSPACE_ID, PERSONALIZE_API_KEY (credentials are never printed)
  --profile FILE   what the workspace holds (schemas/contract-profile.schema.json); cases that need a
                   missing entry are skipped
  --allow-writes   run the cases that send events (they create data in a live workspace)
  --rate N         live requests per minute (default ${DEFAULT_LIVE_RATE})
  --reporter R     pretty (default), tap, junit or json
  --output FILE    write the report there instead of to stdout
  --compare        send the same requests to the live target and to a mock loaded with --fixtures
                   (default: the demo) and report where the answers differ
  Exit code 0 only when no case failed (or, with --compare, differed).

  -h, --help       show this help`

export interface ServeOptions {
  readonly command: 'serve'
  readonly host: string
  readonly port: number
  /** undefined: the embedded demo fixtures. */
  readonly fixtures: string | undefined
}

export interface LiveCredentials {
  readonly baseUrl: string | undefined
  readonly dataCenter: string | undefined
  readonly workspaceId: string | undefined
  readonly apiKey: string | undefined
}

export interface ContractOptions {
  readonly command: 'contract'
  readonly target: 'mock' | 'live'
  readonly compare: boolean
  readonly profile: string | undefined
  readonly fixtures: string | undefined
  readonly allowWrites: boolean
  readonly reporter: ReporterName
  readonly output: string | undefined
  readonly rate: number
  readonly live: LiveCredentials
}

export type CliOptions = ServeOptions | ContractOptions | { readonly command: 'help' }

export class UsageError extends Error {}

export function parseCli (argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliOptions {
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
        target: { type: 'string' },
        profile: { type: 'string' },
        'allow-writes': { type: 'boolean' },
        reporter: { type: 'string' },
        output: { type: 'string' },
        rate: { type: 'string' },
        compare: { type: 'boolean' },
        'base-url': { type: 'string' },
        'data-center': { type: 'string' },
        'workspace-id': { type: 'string' },
        'api-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values: v, positionals } = parsed
  if (v.help === true) return Object.freeze({ command: 'help' })
  const [command = 'serve', ...extra] = positionals
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const only = (allowed: readonly string[]) => {
    const stray = Object.keys(v).find((k) => !allowed.includes(k))
    if (stray !== undefined) throw new UsageError(`--${stray} does not apply to "${command}"`)
  }

  if (command === 'serve') {
    only(['port', 'host', 'fixtures'])
    return Object.freeze({ command, host: v.host ?? DEFAULT_HOST, port: parsePort(v.port), fixtures: v.fixtures })
  }
  if (command === 'contract') {
    only(['target', 'profile', 'allow-writes', 'reporter', 'output', 'rate', 'compare', 'fixtures', 'base-url', 'data-center', 'workspace-id', 'api-key'])
    const target = v.target ?? 'mock'
    if (target !== 'mock' && target !== 'live') throw new UsageError(`--target must be mock or live, got "${target}"`)
    const reporter = v.reporter ?? 'pretty'
    if (!Object.hasOwn(REPORTERS, reporter)) throw new UsageError(`--reporter must be one of ${Object.keys(REPORTERS).join(', ')}, got "${reporter}"`)
    if (v.compare === true && v.target === 'mock') throw new UsageError('--compare compares the live target with a mock: leave out --target mock')
    return Object.freeze({
      command,
      target: v.compare === true ? 'live' : target,
      compare: v.compare === true,
      profile: v.profile,
      fixtures: v.fixtures,
      allowWrites: v['allow-writes'] === true,
      reporter: reporter as ReporterName,
      output: v.output,
      rate: parseRate(v.rate),
      live: Object.freeze({
        // --base-url or --data-center on the command line replaces both environment variables of that pair.
        ...(v['base-url'] !== undefined || v['data-center'] !== undefined
          ? { baseUrl: v['base-url'], dataCenter: v['data-center'] }
          : { baseUrl: nonEmpty(env.PERSONALIZE_BASE_URL), dataCenter: nonEmpty(env.PERSONALIZE_DATA_CENTER) }),
        workspaceId: v['workspace-id'] ?? nonEmpty(env.PERSONALIZE_WORKSPACE_ID),
        apiKey: v['api-key'] ?? nonEmpty(env.PERSONALIZE_API_KEY)
      })
    })
  }
  throw new UsageError(`unknown command "${command}"`)
}

function nonEmpty (s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s
}

function parsePort (raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${raw}"`)
  return port
}

function parseRate (raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIVE_RATE
  const rate = Number(raw)
  if (!/^\d+$/.test(raw) || rate < 1 || rate > 10_000) throw new UsageError(`--rate must be an integer from 1 to 10000 requests per minute, got "${raw}"`)
  return rate
}
