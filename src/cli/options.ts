// The one table of the CLI: every command and every option, with the commands that take it, its value, the
// values it allows, its default and its help. parseArgs, the per-command checks, `--help` and the option tables
// of docs/cli.md (`npm run generate:cli`) are all made from it.
// Help texts may mark code with `backticks`: docs/cli.md keeps them, the terminal drops them.
import { REPORTERS } from '../contracts/reporters/index.js'
import { DATA_CENTERS } from '../client/config.js'
import { STARTER_API_KEY } from '../record/starter-fixtures.js'
import { SERVER_DEFAULTS } from '../server/defaults.js'
import { VENDOR_RATE_LIMIT } from '../vendor/limits.js'

export const DEFAULT_HOST = SERVER_DEFAULTS.host
export const DEFAULT_PORT = SERVER_DEFAULTS.cliPort
/** Live contract runs stay far below the vendor's VENDOR_RATE_LIMIT requests a minute. */
export const DEFAULT_LIVE_RATE = 120

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = typeof LOG_LEVELS[number]

export const COMMAND_NAMES = ['serve', 'record', 'fixtures-from-recording', 'check-fixtures', 'openapi', 'contract'] as const
export type CommandName = typeof COMMAND_NAMES[number]

export interface CliCommand {
  readonly name: CommandName
  /** Its positional arguments, as the usage shows them. */
  readonly args?: string
  readonly summary: string
  /** Lines said after its options. */
  readonly notes?: readonly string[]
}

export const COMMANDS: readonly CliCommand[] = [
  { name: 'serve', summary: 'start the mock Personalize API (the default command)' },
  { name: 'record', summary: 'a proxy that forwards each call unchanged to the real API and writes calls and answers to RECORDING' },
  {
    name: 'fixtures-from-recording',
    args: 'RECORDING',
    summary: 'a starter fixture file: experiences, audiences, variations and payloads seen, and each recorded user\'s variation; ' +
      'targeting rules are left to write'
  },
  { name: 'check-fixtures', args: 'FILE...', summary: 'validate fixture files without starting a server (exit 1 if any is refused)' },
  { name: 'openapi', summary: 'print the OpenAPI 3.1 document of the mock' },
  {
    name: 'contract',
    summary: 'run the contract cases against a target and report',
    notes: ['Exit code 0 only when no case failed (or, with --compare, differed).']
  }
]

export interface CliOption {
  /** The long name, without the dashes. */
  readonly name: string
  readonly type: 'string' | 'boolean'
  /** A one-letter alias. */
  readonly short?: string
  readonly commands: readonly CommandName[]
  /** The value's name in the usage; default: the allowed values joined with |. */
  readonly value?: string
  /** The only values allowed. */
  readonly values?: readonly string[]
  /** A whole number in this range (or the word `or`). */
  readonly integer?: { readonly min: number, readonly max?: number, readonly or?: string }
  readonly minLength?: number
  /** The value when the option is left out. */
  readonly default?: string | number
  /** What the default means, or what happens without the option when it has no default value. */
  readonly defaultNote?: string
  /** Must be given (for a group: one of the group). */
  readonly required?: boolean
  /** Options sharing a group exclude each other. */
  readonly group?: string
  /** Applies only together with this option. */
  readonly needs?: { readonly option: string, readonly why?: string }
  /** The environment variable read when the option is left out. */
  readonly env?: string
  readonly help: string
}

const BEHAVIOUR_SCHEMA = '`schemas/behaviour.schema.json`'

export const OPTIONS: readonly CliOption[] = [
  // serve (and record)
  {
    name: 'port',
    type: 'string',
    commands: ['serve', 'record'],
    value: 'N',
    integer: { min: 0, max: 65535 },
    default: DEFAULT_PORT,
    help: 'port to listen on; `0` picks any free port (the banner shows which)'
  },
  { name: 'host', type: 'string', commands: ['serve', 'record'], value: 'H', default: DEFAULT_HOST, help: 'interface to bind' },
  {
    name: 'fixtures',
    type: 'string',
    commands: ['serve'],
    value: 'FILE',
    defaultNote: 'the embedded demo workspace (`fixtures/demo.json`)',
    help: 'fixture file to serve'
  },
  {
    name: 'behaviour',
    type: 'string',
    commands: ['serve'],
    value: 'FILE',
    defaultNote: 'the catalogue\'s defaults',
    help: `switches of the behaviour catalogue (${BEHAVIOUR_SCHEMA}), e.g. a file written by \`contract --write-behaviour\`; a workspace's own behaviour wins`
  },
  {
    name: 'watch',
    type: 'boolean',
    commands: ['serve'],
    needs: { option: 'fixtures', why: 'the embedded demo never changes' },
    help: 'reload the fixture file when it changes (a bad version is refused; the last good set stays)'
  },
  {
    name: 'admin-token',
    type: 'string',
    commands: ['serve'],
    value: 'T',
    minLength: 8,
    defaultNote: 'the admin API answers only on loopback',
    help: 'let any address use `/__admin` with the header `X-Admin-Token: T` (at least 8 characters)'
  },
  {
    name: 'log-level',
    type: 'string',
    commands: ['serve', 'record'],
    value: 'L',
    values: LOG_LEVELS,
    default: 'warn',
    help: '`info` logs every request; pretty on a terminal, JSON otherwise'
  },
  {
    name: 'rate-limit',
    type: 'string',
    commands: ['serve'],
    value: 'N|off',
    integer: { min: 1, or: 'off' },
    default: SERVER_DEFAULTS.rateLimit,
    defaultNote: 'the vendor\'s',
    help: 'fetch requests per minute per workspace, or `off`'
  },
  {
    name: 'journal-cap',
    type: 'string',
    commands: ['serve'],
    value: 'N',
    integer: { min: 1 },
    default: SERVER_DEFAULTS.journalCap,
    help: 'events kept per workspace in the journal'
  },
  {
    name: 'body-limit',
    type: 'string',
    commands: ['serve'],
    value: 'BYTES',
    integer: { min: 1 },
    default: SERVER_DEFAULTS.bodyLimit,
    defaultNote: '1 MiB',
    help: 'largest request body; larger ones get 413'
  },
  {
    name: 'max-header-size',
    type: 'string',
    commands: ['serve'],
    value: 'BYTES',
    integer: { min: 1024 },
    default: SERVER_DEFAULTS.maxHeaderSize,
    defaultNote: 'Node\'s',
    help: 'largest request line and headers; larger ones get 431'
  },
  {
    name: 'replay',
    type: 'string',
    commands: ['serve'],
    value: 'RECORDING',
    help: 'answer the calls the recording holds with their recorded answers (auth still checked); others come from the fixtures ' +
      '(with `--replay` and no `--fixtures`: starter fixtures made from the recording)'
  },
  {
    name: 'replay-strict',
    type: 'boolean',
    commands: ['serve'],
    needs: { option: 'replay' },
    help: 'refuse (404, naming the closest recorded call) what the recording does not hold'
  },

  // record
  {
    name: 'upstream',
    type: 'string',
    commands: ['record'],
    value: 'URL',
    group: 'upstream',
    required: true,
    help: 'the API root to forward to, e.g. `https://sdk-01.moengage.com/v1`'
  },
  {
    name: 'data-center',
    type: 'string',
    commands: ['record'],
    value: 'DC',
    values: DATA_CENTERS,
    group: 'upstream',
    required: true,
    help: 'or the vendor\'s data center (`01` forwards to `https://sdk-01.moengage.com/v1`)'
  },
  {
    name: 'out',
    type: 'string',
    commands: ['record'],
    value: 'RECORDING',
    required: true,
    help: 'the recording file, rewritten after every call (`schemas/recording.schema.json`); credentials and headers are never written'
  },
  {
    name: 'redact',
    type: 'string',
    commands: ['record'],
    value: 'FIELD,...',
    help: 'body fields to mask wherever they appear, e.g. `u_em,u_mb` (replay matches any value)'
  },
  {
    name: 'body-limit',
    type: 'string',
    commands: ['record'],
    value: 'BYTES',
    integer: { min: 1 },
    default: SERVER_DEFAULTS.recordBodyLimit,
    defaultNote: '16 MiB',
    help: 'largest request body forwarded'
  },

  // fixtures-from-recording
  {
    name: 'out',
    type: 'string',
    commands: ['fixtures-from-recording'],
    value: 'FILE',
    defaultNote: 'stdout',
    help: 'the file to write the starter fixtures to'
  },
  {
    name: 'api-key',
    type: 'string',
    commands: ['fixtures-from-recording'],
    value: 'KEY',
    minLength: 1,
    default: STARTER_API_KEY,
    help: 'the `personalize_api_key` of each workspace'
  },

  // openapi
  {
    name: 'behaviour',
    type: 'string',
    commands: ['openapi'],
    value: 'FILE',
    defaultNote: 'the catalogue\'s defaults',
    help: `the behaviour the document describes (${BEHAVIOUR_SCHEMA})`
  },

  // contract
  {
    name: 'target',
    type: 'string',
    commands: ['contract'],
    values: ['mock', 'live'],
    default: 'mock',
    help: '`mock`: a mock started on a free port with the suite\'s own fixtures and profile; ' +
      '`live`: the real API, at `--base-url` or `--data-center`, with `--workspace-id` and `--api-key` (credentials are never printed)'
  },
  {
    name: 'profile',
    type: 'string',
    commands: ['contract'],
    value: 'FILE',
    defaultNote: 'the demo\'s profile when the only target is the mock on the demo fixtures, else an empty one',
    help: 'what the workspace holds (`schemas/contract-profile.schema.json`); cases that need a missing entry are skipped'
  },
  { name: 'allow-writes', type: 'boolean', commands: ['contract'], help: 'run the cases that send events (they create data in a live workspace)' },
  { name: 'reporter', type: 'string', commands: ['contract'], values: Object.keys(REPORTERS), default: 'pretty', help: 'the report\'s format' },
  { name: 'output', type: 'string', commands: ['contract'], value: 'FILE', defaultNote: 'stdout', help: 'write the report there instead of to stdout' },
  {
    name: 'rate',
    type: 'string',
    commands: ['contract'],
    value: 'N',
    integer: { min: 1, max: VENDOR_RATE_LIMIT },
    default: DEFAULT_LIVE_RATE,
    help: 'live requests per minute'
  },
  {
    name: 'compare',
    type: 'boolean',
    commands: ['contract'],
    help: 'send the same requests to the live target and to a mock loaded with `--fixtures` (default: the demo) and report where the answers differ'
  },
  {
    name: 'fixtures',
    type: 'string',
    commands: ['contract'],
    value: 'FILE',
    defaultNote: 'the embedded demo workspace',
    help: 'the fixtures of the mock target (or of the mock compared)'
  },
  {
    name: 'behaviour',
    type: 'string',
    commands: ['contract'],
    value: 'FILE',
    defaultNote: 'the catalogue\'s defaults',
    help: 'the behaviour of the mock target (or of the mock compared)'
  },
  {
    name: 'write-behaviour',
    type: 'string',
    commands: ['contract'],
    value: 'FILE',
    help: `write the behaviour the target showed, switch by switch, with evidence (${BEHAVIOUR_SCHEMA}); switches no case observed are left out`
  },
  {
    name: 'base-url',
    type: 'string',
    commands: ['contract'],
    value: 'URL',
    group: 'endpoint',
    env: 'PERSONALIZE_BASE_URL',
    help: 'the live API root, e.g. `https://sdk-01.moengage.com/v1`'
  },
  {
    name: 'data-center',
    type: 'string',
    commands: ['contract'],
    value: 'DC',
    values: DATA_CENTERS,
    group: 'endpoint',
    env: 'PERSONALIZE_DATA_CENTER',
    help: 'or the live API\'s data center'
  },
  { name: 'workspace-id', type: 'string', commands: ['contract'], value: 'ID', env: 'PERSONALIZE_WORKSPACE_ID', help: 'the live workspace' },
  { name: 'api-key', type: 'string', commands: ['contract'], value: 'KEY', env: 'PERSONALIZE_API_KEY', help: 'the live workspace\'s Personalize API key' },

  { name: 'help', type: 'boolean', short: 'h', commands: [...COMMAND_NAMES], help: 'show this help; after a command, that command\'s alone' }
]

/** The options `command` takes, in the table's order. */
export function optionsOf (command: CommandName): readonly CliOption[] {
  return OPTIONS.filter((o) => o.commands.includes(command))
}

/** The row of `--name` for `command`, if that command takes it. */
export function optionOf (command: CommandName, name: string): CliOption | undefined {
  return OPTIONS.find((o) => o.name === name && o.commands.includes(command))
}

/** `--name VALUE` as the usage shows it. */
export function flagOf (option: CliOption): string {
  const value = option.type === 'boolean' ? undefined : option.value ?? option.values?.join('|')
  return value === undefined ? `--${option.name}` : `--${option.name} ${value}`
}

/** The options of node:util parseArgs: every name once. */
export function parseArgsOptions (): Record<string, { type: 'string' | 'boolean', short?: string }> {
  const table: Record<string, { type: 'string' | 'boolean', short?: string }> = {}
  for (const o of OPTIONS) table[o.name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short }
  return table
}
