// argv (+ the environment, for live credentials) -> one frozen options object, or a usage error. What each
// command takes, and how each value is checked, comes from the option table (options.ts).
// Nothing below the CLI reads process.env.
import { parseArgs } from 'node:util'
import type { ReporterName } from '../contracts/reporters/index.js'
import { dataCenterUrl, type DataCenter } from '../client/config.js'
import { upstreamRoot } from '../record/upstream.js'
import { didYouMean } from './did-you-mean.js'
import { COMMAND_NAMES, flagOf, optionOf, optionsOf, parseArgsOptions, type CliOption, type CommandName, type LogLevel } from './options.js'

export { DEFAULT_HOST, DEFAULT_LIVE_RATE, DEFAULT_PORT, LOG_LEVELS, type LogLevel } from './options.js'

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
  readonly apiKey: string
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
  /** `topic`: the command whose help alone is asked for. */
  | { readonly command: 'help', readonly topic: CommandName | undefined }

export class UsageError extends Error {}

const PARSE_OPTIONS = parseArgsOptions()
const isCommand = (word: string | undefined): word is CommandName => (COMMAND_NAMES as readonly string[]).includes(word ?? '')
const COMMAND_WORDS = [...COMMAND_NAMES, 'help']

type Values = Readonly<Record<string, string | boolean | undefined>>

export function parseCli (argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliOptions {
  const { command, named, values, extra } = readArgs(argv)
  if (command === 'help') {
    if (extra.length > 1) throw new UsageError(`unexpected argument "${extra[1] ?? ''}"`)
    const topic = extra[0]
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command "${topic}"${didYouMean(topic, COMMAND_NAMES)}`)
    return Object.freeze({ command, topic })
  }
  if (values.help === true) return Object.freeze({ command: 'help', topic: named ? command : undefined })
  checkValues(command, values)
  const str = (name: string): string | undefined => values[name] as string | undefined
  const flag = (name: string): boolean => values[name] === true
  /** The value given, else the table's default. */
  const int = (name: string): number => str(name) === undefined ? defaultOf(command, name) as number : Number(str(name))
  const text = (name: string): string => str(name) ?? String(defaultOf(command, name))

  if (command === 'check-fixtures') {
    if (extra.length === 0) throw new UsageError('check-fixtures needs at least one FILE')
    return Object.freeze({ command, files: Object.freeze([...extra]) })
  }
  if (command === 'fixtures-from-recording') {
    if (extra.length !== 1) throw new UsageError('fixtures-from-recording needs exactly one RECORDING file')
    return Object.freeze({ command, recording: extra[0] as string, out: str('out'), apiKey: text('api-key') })
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`)
  if (command === 'openapi') return Object.freeze({ command, behaviour: str('behaviour') })
  if (command === 'serve') {
    return Object.freeze({
      command,
      host: text('host'),
      port: int('port'),
      fixtures: str('fixtures'),
      behaviour: str('behaviour'),
      watch: flag('watch'),
      adminToken: str('admin-token'),
      logLevel: text('log-level') as LogLevel,
      rateLimit: str('rate-limit') === 'off' ? false : int('rate-limit'),
      journalCap: int('journal-cap'),
      bodyLimit: int('body-limit'),
      maxHeaderSize: int('max-header-size'),
      replay: str('replay'),
      replayStrict: flag('replay-strict')
    })
  }
  if (command === 'record') {
    const upstream = str('upstream') ?? dataCenterUrl(str('data-center') as DataCenter)
    try {
      upstreamRoot(upstream)
    } catch (err) {
      throw new UsageError(`--upstream: ${(err as Error).message}`)
    }
    return Object.freeze({
      command,
      upstream,
      host: text('host'),
      port: int('port'),
      out: str('out') as string,
      redact: Object.freeze((str('redact') ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '')),
      logLevel: text('log-level') as LogLevel,
      bodyLimit: int('body-limit')
    })
  }
  if (flag('compare') && str('target') === 'mock') throw new UsageError('--compare compares the live target with a mock: leave out --target mock')
  if (flag('compare') && str('write-behaviour') !== undefined) throw new UsageError('--write-behaviour writes what one target showed: leave out --compare')
  return Object.freeze({
    command,
    target: flag('compare') ? 'live' : text('target') as 'mock' | 'live',
    compare: flag('compare'),
    profile: str('profile'),
    fixtures: str('fixtures'),
    behaviour: str('behaviour'),
    writeBehaviour: str('write-behaviour'),
    allowWrites: flag('allow-writes'),
    reporter: text('reporter') as ReporterName,
    output: str('output'),
    rate: int('rate'),
    live: Object.freeze(liveCredentials(values, env))
  })
}

/**
 * The command and the options given, every option known to the table, taken by that command and of its type.
 * The command is the first word that is not an option's value (default: serve), wherever it stands.
 */
function readArgs (argv: readonly string[]): { command: CommandName | 'help', named: boolean, values: Values, extra: readonly string[] } {
  const loose = parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: false, allowPositionals: true, tokens: true })
  const first = loose.positionals[0]
  const named = first === 'help' || isCommand(first)
  if (!named && first !== undefined && argv[0] === first) throw new UsageError(`unknown command "${first}"${didYouMean(first, COMMAND_WORDS)}`)
  const command: CommandName | 'help' = named ? first as CommandName | 'help' : 'serve'
  const known = command === 'help' ? [] : optionsOf(command).map((o) => `--${o.name}`)
  for (const token of loose.tokens) {
    if (token.kind === 'option' && !Object.hasOwn(PARSE_OPTIONS, token.name)) {
      throw new UsageError(`unknown option ${token.rawName}${token.rawName.startsWith('--') ? didYouMean(token.rawName, known) : ''}`)
    }
  }
  let strict
  try {
    strict = parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: true, allowPositionals: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  if (!named && first !== undefined) throw new UsageError(`unknown command "${first}"${didYouMean(first, COMMAND_WORDS)}`)
  const values = strict.values as Values
  for (const name of Object.keys(values)) {
    if (name === 'help') continue
    if (command === 'help' || optionOf(command, name) === undefined) {
      throw new UsageError(`--${name} does not apply to "${command}"${didYouMean(`--${name}`, known)}`)
    }
  }
  return { command, named, values, extra: named ? strict.positionals.slice(1) : strict.positionals }
}

/** Each value against its row; then what must, or must not, come together. */
function checkValues (command: CommandName, values: Values): void {
  const rows = optionsOf(command)
  const given = (o: CliOption): boolean => values[o.name] !== undefined && values[o.name] !== ''
  for (const o of rows) {
    const raw = values[o.name]
    if (typeof raw === 'string') checkValue(o, raw)
  }
  for (const o of rows) {
    if (o.needs !== undefined && given(o) && values[o.needs.option] === undefined) {
      const needed = optionOf(command, o.needs.option) as CliOption
      throw new UsageError(`--${o.name} needs ${flagOf(needed)}${o.needs.why === undefined ? '' : ` (${o.needs.why})`}`)
    }
    if (o.required === true && o.group === undefined && !given(o)) throw new UsageError(`${command} needs ${flagOf(o)}`)
  }
  for (const group of new Set(rows.flatMap((o) => o.group ?? []))) {
    const members = rows.filter((o) => o.group === group)
    const count = members.filter(given).length
    const either = members.map(flagOf).join(' or ')
    if (members.some((o) => o.required === true) ? count !== 1 : count > 1) {
      throw new UsageError(count > 1 && members.every((o) => o.required !== true) ? `give ${either}, not both` : `${command} needs ${either} (one of them)`)
    }
  }
}

function checkValue (o: CliOption, raw: string): void {
  const flag = `--${o.name}`
  if (o.values !== undefined && !o.values.includes(raw)) throw new UsageError(`${flag} must be one of ${o.values.join(', ')}, got "${raw}"`)
  if (o.minLength !== undefined && raw.length < o.minLength) {
    throw new UsageError(o.minLength === 1 ? `${flag} cannot be empty` : `${flag} must be at least ${o.minLength} characters`)
  }
  const n = o.integer
  if (n === undefined || raw === n.or) return
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < n.min || (n.max !== undefined && value > n.max)) {
    const range = n.max === undefined ? `a whole number >= ${n.min}` : `an integer from ${n.min} to ${n.max}`
    throw new UsageError(`${flag} must be ${range}${n.or === undefined ? '' : ` or ${n.or}`}, got "${raw}"`)
  }
}

function defaultOf (command: CommandName, name: string): string | number | undefined {
  return optionOf(command, name)?.default
}

/**
 * The live target's credentials: each option given, else its environment variable. Giving one option of a group
 * (--base-url or --data-center) replaces the environment variables of the whole group.
 */
function liveCredentials (values: Values, env: Readonly<Record<string, string | undefined>>): LiveCredentials {
  const rows = optionsOf('contract').filter((o) => o.env !== undefined)
  const fromFlags = new Set(rows.filter((o) => values[o.name] !== undefined).flatMap((o) => o.group ?? o.name))
  const value = (name: string): string | undefined => {
    const o = rows.find((r) => r.name === name) as CliOption
    return fromFlags.has(o.group ?? o.name) ? values[name] as string | undefined : nonEmpty(env[o.env as string])
  }
  return { baseUrl: value('base-url'), dataCenter: value('data-center'), workspaceId: value('workspace-id'), apiKey: value('api-key') }
}

function nonEmpty (s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s
}
