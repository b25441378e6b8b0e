// argv (+ the environment, for live credentials) -> one frozen options object, or a usage error.
// Nothing below the CLI reads process.env.
import { parseArgs } from 'node:util'
import { REPORTERS, type ReporterName } from '../contracts/reporters/index.js'
import { DATA_CENTERS, dataCenterUrl, type DataCenter } from '../client/config.js'
import { STARTER_API_KEY } from '../record/starter-fixtures.js'
import { SERVER_DEFAULTS } from '../server/defaults.js'
import { upstreamRoot } from '../record/upstream.js'

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 4010
/** Live contract runs stay far below the vendor's 10,000 requests/minute. */
export const DEFAULT_LIVE_RATE = 120

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = typeof LOG_LEVELS[number]

export const USAGE = `Usage:
  personalize-mock [serve] [--port N] [--host H] [--fixtures FILE] [--behaviour FILE] [--watch]
                           [--admin-token T] [--log-level L] [--rate-limit N|off] [--journal-cap N]
                           [--body-limit BYTES] [--max-header-size BYTES]
                           [--replay RECORDING [--replay-strict]]
  personalize-mock record (--upstream URL | --data-center DC) --out RECORDING [--port N] [--host H]
                          [--redact FIELD,...] [--log-level L] [--body-limit BYTES]
  personalize-mock fixtures-from-recording RECORDING [--out FILE] [--api-key KEY]
  personalize-mock check-fixtures FILE...
  personalize-mock openapi [--behaviour FILE]
  personalize-mock contract [--target mock|live] [--profile FILE] [--allow-writes]
                            [--reporter pretty|tap|junit|json] [--output FILE] [--rate N]
                            [--write-behaviour FILE] [--fixtures FILE] [--behaviour FILE]
                            [--base-url URL | --data-center DC] [--workspace-id ID] [--api-key KEY]
  personalize-mock contract --compare [--fixtures FILE] [--behaviour FILE] [--profile FILE]
                            (live credentials as above)

serve (default): start the mock Personalize API
  --port N         port to listen on; 0 picks any free port (default ${DEFAULT_PORT})
  --host H         interface to bind (default ${DEFAULT_HOST})
  --fixtures FILE  fixture file to serve (default: the embedded demo workspace)
  --behaviour FILE switches of the behaviour catalogue (schemas/behaviour.schema.json), e.g. a file
                   written by contract --write-behaviour; a workspace's own behaviour wins
  --watch          reload the fixture file when it changes (a bad version is refused; the last good
                   set stays)
  --admin-token T  let any address use /__admin with the header X-Admin-Token: T (without it, the admin
                   API answers only on loopback)
  --log-level L    ${LOG_LEVELS.join(', ')} (default warn; info logs every request; pretty on a terminal)
  --rate-limit N   fetch requests per minute per workspace, or off (default 10000, the vendor's)
  --journal-cap N  events kept per workspace in the journal (default 10000)
  --body-limit BYTES       largest request body; larger ones get 413 (default 1048576, 1 MiB)
  --max-header-size BYTES  largest request head; larger ones get 431 (default 16384, Node's)
  --replay RECORDING       answer the calls the recording holds with their recorded answers (auth still
                           checked); others come from the fixtures (default with --replay: starter
                           fixtures made from the recording)
  --replay-strict          refuse (404, naming the closest recorded call) what the recording does not hold

record: a proxy that forwards each call unchanged to the real API and writes calls and answers to RECORDING
  --upstream URL   the API root to forward to, e.g. https://sdk-01.moengage.com/v1
  --data-center DC or the vendor's data center (01 -> https://sdk-01.moengage.com/v1)
  --out RECORDING  the recording file, rewritten after every call (schemas/recording.schema.json);
                   credentials and headers are never written
  --redact F,...   body fields to mask wherever they appear, e.g. u_em,u_mb (replay matches any value)
  --body-limit BYTES  largest request body forwarded (default 16777216, 16 MiB)
  --port, --host, --log-level as for serve

fixtures-from-recording RECORDING: a starter fixture file (stdout, or --out FILE): experiences, audiences,
  variations and payloads seen, and each recorded user's variation; targeting rules are left to write
  --api-key KEY    the personalize_api_key of each workspace (default: ${STARTER_API_KEY})

check-fixtures FILE...: validate fixture files without starting a server (exit 1 if any is refused)
openapi: print the OpenAPI 3.1 document of the mock (--behaviour FILE: under that behaviour)

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
  --fixtures FILE, --behaviour FILE  what the mock target (or the mock compared) is started with
  --write-behaviour FILE  write the behaviour the target showed, switch by switch, with evidence
                   (schemas/behaviour.schema.json); switches no case observed are left out
  Exit code 0 only when no case failed (or, with --compare, differed).

  -h, --help       show this help`

export interface ServeOptions {
  readonly command: 'serve'
  readonly host: string
  readonly port: number
  /** undefined: the embedded demo fixtures. */
  readonly fixtures: string | undefined
  /** A behaviour file (schemas/behaviour.schema.json). */
  readonly behaviour: string | undefined
  readonly watch: boolean
  readonly adminToken: string | undefined
  readonly logLevel: LogLevel
  /** false: no rate limit. */
  readonly rateLimit: number | false
  readonly journalCap: number
  readonly bodyLimit: number
  readonly maxHeaderSize: number
  /** A recording to replay. */
  readonly replay: string | undefined
  readonly replayStrict: boolean
}

export interface RecordOptions {
  readonly command: 'record'
  /** The API root to forward to. */
  readonly upstream: string
  readonly host: string
  readonly port: number
  readonly out: string
  readonly redact: readonly string[]
  readonly logLevel: LogLevel
  readonly bodyLimit: number
}

export interface FixturesFromRecordingOptions {
  readonly command: 'fixtures-from-recording'
  readonly recording: string
  /** undefined: stdout. */
  readonly out: string | undefined
  readonly apiKey: string | undefined
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
  /** The behaviour file of the mock target. */
  readonly behaviour: string | undefined
  /** Where to write the behaviour the target showed. */
  readonly writeBehaviour: string | undefined
  readonly allowWrites: boolean
  readonly reporter: ReporterName
  readonly output: string | undefined
  readonly rate: number
  readonly live: LiveCredentials
}

export type CliOptions =
  | ServeOptions
  | ContractOptions
  | RecordOptions
  | FixturesFromRecordingOptions
  | { readonly command: 'check-fixtures', readonly files: readonly string[] }
  | { readonly command: 'openapi', readonly behaviour: string | undefined }
  | { readonly command: 'help' }

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
        behaviour: { type: 'string' },
        'write-behaviour': { type: 'string' },
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
        watch: { type: 'boolean' },
        'admin-token': { type: 'string' },
        'log-level': { type: 'string' },
        'rate-limit': { type: 'string' },
        'journal-cap': { type: 'string' },
        'body-limit': { type: 'string' },
        'max-header-size': { type: 'string' },
        replay: { type: 'string' },
        'replay-strict': { type: 'boolean' },
        upstream: { type: 'string' },
        out: { type: 'string' },
        redact: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values: v, positionals } = parsed
  if (v.help === true) return Object.freeze({ command: 'help' })
  const [command = 'serve', ...extra] = positionals
  if (command === 'check-fixtures') {
    if (Object.keys(v).length > 0) throw new UsageError(`--${Object.keys(v)[0] ?? ''} does not apply to "check-fixtures"`)
    if (extra.length === 0) throw new UsageError('check-fixtures needs at least one FILE')
    return Object.freeze({ command, files: Object.freeze([...extra]) })
  }
  if (command === 'fixtures-from-recording') {
    const stray = Object.keys(v).find((k) => k !== 'out' && k !== 'api-key')
    if (stray !== undefined) throw new UsageError(`--${stray} does not apply to "${command}"`)
    if (extra.length !== 1) throw new UsageError('fixtures-from-recording needs exactly one RECORDING file')
    if (v['api-key'] === '') throw new UsageError('--api-key cannot be empty')
    return Object.freeze({ command, recording: extra[0] as string, out: v.out, apiKey: v['api-key'] })
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  if (command === 'openapi') {
    const stray = Object.keys(v).find((k) => k !== 'behaviour')
    if (stray !== undefined) throw new UsageError(`--${stray} does not apply to "openapi"`)
    return Object.freeze({ command, behaviour: v.behaviour })
  }
  const only = (allowed: readonly string[]) => {
    const stray = Object.keys(v).find((k) => !allowed.includes(k))
    if (stray !== undefined) throw new UsageError(`--${stray} does not apply to "${command}"`)
  }

  if (command === 'serve') {
    only(['port', 'host', 'fixtures', 'behaviour', 'watch', 'admin-token', 'log-level', 'rate-limit', 'journal-cap', 'body-limit', 'max-header-size', 'replay', 'replay-strict'])
    if (v.watch === true && v.fixtures === undefined) throw new UsageError('--watch needs --fixtures FILE (the embedded demo never changes)')
    if (v['replay-strict'] === true && v.replay === undefined) throw new UsageError('--replay-strict needs --replay RECORDING')
    const logLevel = logLevelOf(v['log-level'])
    if (v['admin-token'] !== undefined && v['admin-token'].length < 8) throw new UsageError('--admin-token must be at least 8 characters')
    return Object.freeze({
      command,
      host: v.host ?? DEFAULT_HOST,
      port: parsePort(v.port),
      fixtures: v.fixtures,
      behaviour: v.behaviour,
      watch: v.watch === true,
      adminToken: v['admin-token'],
      logLevel: logLevel as LogLevel,
      rateLimit: v['rate-limit'] === 'off' ? false : wholeNumber('--rate-limit', v['rate-limit'], 10_000, 1),
      journalCap: wholeNumber('--journal-cap', v['journal-cap'], 10_000, 1),
      bodyLimit: wholeNumber('--body-limit', v['body-limit'], SERVER_DEFAULTS.bodyLimit, 1),
      maxHeaderSize: wholeNumber('--max-header-size', v['max-header-size'], SERVER_DEFAULTS.maxHeaderSize, 1024),
      replay: v.replay,
      replayStrict: v['replay-strict'] === true
    })
  }
  if (command === 'record') {
    only(['upstream', 'data-center', 'out', 'port', 'host', 'redact', 'log-level', 'body-limit'])
    if ((v.upstream === undefined) === (v['data-center'] === undefined)) throw new UsageError('record needs --upstream URL or --data-center DC (one of them)')
    if (v['data-center'] !== undefined && !(DATA_CENTERS as readonly string[]).includes(v['data-center'])) {
      throw new UsageError(`--data-center must be one of ${DATA_CENTERS.join(', ')}, got "${v['data-center']}"`)
    }
    if (v.out === undefined || v.out === '') throw new UsageError('record needs --out RECORDING (the file to write)')
    const upstream = v.upstream ?? dataCenterUrl(v['data-center'] as DataCenter)
    try {
      upstreamRoot(upstream)
    } catch (err) {
      throw new UsageError(`--upstream: ${(err as Error).message}`)
    }
    return Object.freeze({
      command,
      upstream,
      host: v.host ?? DEFAULT_HOST,
      port: parsePort(v.port),
      out: v.out,
      redact: Object.freeze((v.redact ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '')),
      logLevel: logLevelOf(v['log-level']),
      bodyLimit: wholeNumber('--body-limit', v['body-limit'], SERVER_DEFAULTS.recordBodyLimit, 1)
    })
  }
  if (command === 'contract') {
    only(['target', 'profile', 'allow-writes', 'reporter', 'output', 'rate', 'compare', 'fixtures', 'behaviour', 'write-behaviour', 'base-url', 'data-center', 'workspace-id', 'api-key'])
    const target = v.target ?? 'mock'
    if (target !== 'mock' && target !== 'live') throw new UsageError(`--target must be mock or live, got "${target}"`)
    const reporter = v.reporter ?? 'pretty'
    if (!Object.hasOwn(REPORTERS, reporter)) throw new UsageError(`--reporter must be one of ${Object.keys(REPORTERS).join(', ')}, got "${reporter}"`)
    if (v.compare === true && v.target === 'mock') throw new UsageError('--compare compares the live target with a mock: leave out --target mock')
    if (v.compare === true && v['write-behaviour'] !== undefined) throw new UsageError('--write-behaviour writes what one target showed: leave out --compare')
    return Object.freeze({
      command,
      target: v.compare === true ? 'live' : target,
      compare: v.compare === true,
      profile: v.profile,
      fixtures: v.fixtures,
      behaviour: v.behaviour,
      writeBehaviour: v['write-behaviour'],
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

function logLevelOf (raw: string | undefined): LogLevel {
  const level = raw ?? 'warn'
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`)
  return level as LogLevel
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

function wholeNumber (flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < min || !Number.isSafeInteger(n)) throw new UsageError(`${flag} must be a whole number >= ${min}, got "${raw}"`)
  return n
}

function parseRate (raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIVE_RATE
  const rate = Number(raw)
  if (!/^\d+$/.test(raw) || rate < 1 || rate > 10_000) throw new UsageError(`--rate must be an integer from 1 to 10000 requests per minute, got "${raw}"`)
  return rate
}
