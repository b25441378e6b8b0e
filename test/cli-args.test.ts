// parseCli in-process: every command with its defaults and with every option, the table's defaults as parsed, each
// usage error with its message and its "did you mean", --help; and the option table itself holding together.
import t from 'tap'
import { parseCli, UsageError, type CliOptions } from '../src/cli/args.js'
import { COMMANDS, COMMAND_NAMES, OPTIONS, flagOf, optionsOf, type CliOption, type CommandName } from '../src/cli/options.js'
import { closest, editDistance } from '../src/cli/did-you-mean.js'
import { usage } from '../src/cli/usage.js'
import { dataCenterUrl } from '../src/client/config.js'
import { STARTER_API_KEY } from '../src/record/starter-fixtures.js'
import { SERVER_DEFAULTS } from '../src/server/defaults.js'
import { VENDOR_RATE_LIMIT } from '../src/vendor/limits.js'

const UPSTREAM = 'http://127.0.0.1:1/v1'
const NO_LIVE = { baseUrl: undefined, dataCenter: undefined, workspaceId: undefined, apiKey: undefined }

/** The message of the usage error parseCli throws, or "(accepted)". */
function refused (argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCli(argv, env)
    return '(accepted)'
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    return err.message
  }
}

/** A value the row accepts. */
function sample (o: CliOption): string {
  if (o.values !== undefined) return o.values[0] as string
  if (o.integer !== undefined) return String(o.integer.min)
  if (o.value === 'URL') return UPSTREAM
  return 'x'.repeat(Math.max(o.minLength ?? 0, 1))
}

/** The shortest argv of `command` that parses, with `also` given instead of the member of its group. */
function minimal (command: CommandName, also?: CliOption): string[] {
  const argv: string[] = [command]
  if (command === 'fixtures-from-recording') argv.push('recording.json')
  if (command === 'check-fixtures') argv.push('fixtures.json')
  const rows = optionsOf(command).filter((o) => o.required === true && o !== also)
  for (const o of rows) {
    if (o.group !== undefined && (also?.group === o.group || rows.find((r) => r.group === o.group) !== o)) continue
    argv.push(`--${o.name}`, sample(o))
  }
  return argv
}

/** The option given, with what it needs. */
function giving (command: CommandName, o: CliOption): string[] {
  const needed = o.needs === undefined ? [] : giving(command, optionsOf(command).find((r) => r.name === o.needs?.option) as CliOption)
  return [...needed, `--${o.name}`, ...(o.type === 'boolean' ? [] : [sample(o)])]
}

const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())

/** Where parseCli puts the value of `--name`. */
function parsedValue (parsed: CliOptions, name: string): unknown {
  const fields = parsed as unknown as Record<string, unknown> & { live?: Record<string, unknown> }
  return fields.live !== undefined && Object.hasOwn(fields.live, camel(name)) ? fields.live[camel(name)] : fields[camel(name)]
}

t.test('every command without options: the documented defaults', async (t) => {
  const serve = {
    command: 'serve',
    host: '127.0.0.1',
    port: 4010,
    fixtures: undefined,
    behaviour: undefined,
    watch: false,
    adminToken: undefined,
    logLevel: 'warn',
    rateLimit: VENDOR_RATE_LIMIT,
    journalCap: 10_000,
    bodyLimit: SERVER_DEFAULTS.bodyLimit,
    maxHeaderSize: SERVER_DEFAULTS.maxHeaderSize,
    replay: undefined,
    replayStrict: false
  }
  t.strictSame(parseCli([]), serve, 'serve is the default command')
  t.strictSame(parseCli(['serve']), serve)
  t.strictSame(parseCli(['record', '--upstream', UPSTREAM, '--out', 'r.json']), {
    command: 'record', upstream: UPSTREAM, host: '127.0.0.1', port: 4010, out: 'r.json', redact: [], logLevel: 'warn', bodyLimit: SERVER_DEFAULTS.recordBodyLimit
  })
  t.strictSame(parseCli(['fixtures-from-recording', 'r.json']), { command: 'fixtures-from-recording', recording: 'r.json', out: undefined, apiKey: STARTER_API_KEY })
  t.strictSame(parseCli(['check-fixtures', 'a.json', 'b.json']), { command: 'check-fixtures', files: ['a.json', 'b.json'] })
  t.strictSame(parseCli(['openapi']), { command: 'openapi', behaviour: undefined })
  t.strictSame(parseCli(['contract']), {
    command: 'contract',
    target: 'mock',
    compare: false,
    profile: undefined,
    fixtures: undefined,
    behaviour: undefined,
    writeBehaviour: undefined,
    allowWrites: false,
    reporter: 'pretty',
    output: undefined,
    rate: 120,
    live: NO_LIVE
  })
  const contract = parseCli(['contract']) as { live: unknown }
  t.ok(Object.isFrozen(contract) && Object.isFrozen(contract.live))
})

t.test('every command with every option', async (t) => {
  t.strictSame(parseCli(['serve', '--port', '0', '--host', '::1', '--fixtures', 'f.json', '--behaviour', 'b.json', '--watch', '--admin-token', 'a-long-token',
    '--log-level', 'trace', '--rate-limit', 'off', '--journal-cap', '5', '--body-limit', '2048', '--max-header-size', '4096', '--replay', 'r.json', '--replay-strict']), {
    command: 'serve',
    host: '::1',
    port: 0,
    fixtures: 'f.json',
    behaviour: 'b.json',
    watch: true,
    adminToken: 'a-long-token',
    logLevel: 'trace',
    rateLimit: false,
    journalCap: 5,
    bodyLimit: 2048,
    maxHeaderSize: 4096,
    replay: 'r.json',
    replayStrict: true
  })
  t.equal((parseCli(['--rate-limit', '60']) as { rateLimit: number }).rateLimit, 60)
  t.strictSame(parseCli(['record', '--data-center', '02', '--out', 'r.json', '--port', '4020', '--host', '0.0.0.0', '--redact', 'u_em, u_mb,', '--log-level', 'info', '--body-limit', '10']), {
    command: 'record', upstream: dataCenterUrl('02'), host: '0.0.0.0', port: 4020, out: 'r.json', redact: ['u_em', 'u_mb'], logLevel: 'info', bodyLimit: 10
  })
  t.strictSame(parseCli(['fixtures-from-recording', 'r.json', '--out', 'f.json', '--api-key', 'my-key']), { command: 'fixtures-from-recording', recording: 'r.json', out: 'f.json', apiKey: 'my-key' })
  t.strictSame(parseCli(['openapi', '--behaviour', 'b.json']), { command: 'openapi', behaviour: 'b.json' })
  t.strictSame(parseCli(['contract', '--target', 'live', '--profile', 'p.json', '--allow-writes', '--reporter', 'junit', '--output', 'o.xml', '--rate', '10000',
    '--fixtures', 'f.json', '--behaviour', 'b.json', '--write-behaviour', 'w.json', '--base-url', UPSTREAM, '--workspace-id', 'W', '--api-key', 'k']), {
    command: 'contract',
    target: 'live',
    compare: false,
    profile: 'p.json',
    fixtures: 'f.json',
    behaviour: 'b.json',
    writeBehaviour: 'w.json',
    allowWrites: true,
    reporter: 'junit',
    output: 'o.xml',
    rate: 10_000,
    live: { baseUrl: UPSTREAM, dataCenter: undefined, workspaceId: 'W', apiKey: 'k' }
  })
  t.match(parseCli(['contract', '--compare', '--data-center', '01']), { target: 'live', compare: true, live: { dataCenter: '01' } }, '--compare runs against the live target')
  t.match(parseCli(['--port', '0', 'serve']), { command: 'serve', port: 0 }, 'options may come before the command')
  t.match(parseCli(['--fixtures', 'contract']), { command: 'serve', fixtures: 'contract' }, 'an option\'s value is not a command')
})

t.test('live credentials: each option, else its environment variable; --base-url or --data-center replaces both variables', async (t) => {
  const env = { PERSONALIZE_BASE_URL: 'https://env.example/v1', PERSONALIZE_DATA_CENTER: '03', PERSONALIZE_WORKSPACE_ID: 'ENV_WS', PERSONALIZE_API_KEY: 'env-key' }
  const live = (argv: string[], e: Record<string, string> = env): unknown => (parseCli(['contract', ...argv], e) as { live: unknown }).live
  t.strictSame(live([]), { baseUrl: env.PERSONALIZE_BASE_URL, dataCenter: '03', workspaceId: 'ENV_WS', apiKey: 'env-key' })
  t.strictSame(live(['--base-url', UPSTREAM]), { baseUrl: UPSTREAM, dataCenter: undefined, workspaceId: 'ENV_WS', apiKey: 'env-key' })
  t.strictSame(live(['--data-center', '01', '--workspace-id', 'W', '--api-key', 'k']), { baseUrl: undefined, dataCenter: '01', workspaceId: 'W', apiKey: 'k' })
  t.strictSame(live([], { PERSONALIZE_BASE_URL: '', PERSONALIZE_API_KEY: '' }), NO_LIVE, 'empty variables count as unset')
  t.strictSame(live([], {}), NO_LIVE, 'nothing but the environment given is read')
})

t.test('each option of the table is taken by its commands, with its value, and refused by the others', async (t) => {
  for (const command of COMMAND_NAMES) {
    for (const o of optionsOf(command).filter((r) => r.name !== 'help')) {
      const argv = [...minimal(command, o), ...giving(command, o)]
      const parsed = parseCli(argv)
      const expected = o.type === 'boolean' ? true : o.integer !== undefined ? Number(sample(o)) : o.name === 'redact' ? [sample(o)] : sample(o)
      if (command === 'record' && o.name === 'data-center') t.equal((parsed as { upstream: string }).upstream, dataCenterUrl(sample(o) as '01'), argv.join(' '))
      else t.strictSame(parsedValue(parsed, o.name), expected, argv.join(' '))
    }
  }
  for (const o of OPTIONS.filter((r) => r.name !== 'help')) {
    for (const other of COMMAND_NAMES.filter((c) => !optionsOf(c).some((r) => r.name === o.name))) {
      t.match(refused([...minimal(other), `--${o.name}`, ...(o.type === 'boolean' ? [] : [sample(o)])]), `--${o.name} does not apply to "${other}"`)
    }
  }
})

t.test('the defaults the table shows are the ones parseCli gives', async (t) => {
  for (const command of COMMAND_NAMES) {
    const parsed = parseCli(minimal(command))
    for (const o of optionsOf(command).filter((r) => r.default !== undefined)) t.equal(parsedValue(parsed, o.name), o.default, `${command} --${o.name}`)
  }
})

t.test('usage errors say what is wrong, with "did you mean" when a known option is close', async (t) => {
  const cases: Array<[string[], string]> = [
    [['serve', '--prot', '4011'], 'unknown option --prot; did you mean --port?'],
    [['--prot', '4011'], 'unknown option --prot; did you mean --port?'],
    [['--prot=4011'], 'unknown option --prot; did you mean --port?'],
    [['serve', '--behavior', 'b.json'], 'unknown option --behavior; did you mean --behaviour?'],
    [['serve', '--fixture', 'f.json'], 'unknown option --fixture; did you mean --fixtures?'],
    [['contract', '--alow-writes'], 'unknown option --alow-writes; did you mean --allow-writes?'],
    [['contract', '--write-behavior', 'w.json'], 'unknown option --write-behavior; did you mean --write-behaviour?'],
    [['contract', '--reporters', 'tap'], 'unknown option --reporters; did you mean --reporter?'],
    [['record', '--upstrem', UPSTREAM], 'unknown option --upstrem; did you mean --upstream?'],
    [['--nope'], 'unknown option --nope'],
    [['-x'], 'unknown option -x'],
    [['launch'], 'unknown command "launch"'],
    [['--port', '0', 'launch'], 'unknown command "launch"'],
    [['contrat'], 'unknown command "contrat"; did you mean contract?'],
    [['serve', 'extra'], 'unexpected argument "extra"'],
    [['openapi', 'extra'], 'unexpected argument "extra"'],
    [['contract', '--out', 'r.json'], '--out does not apply to "contract"; did you mean --output?'],
    [['contract', '--port', '1'], '--port does not apply to "contract"'],
    [['check-fixtures', '--watch', 'f.json'], '--watch does not apply to "check-fixtures"'],
    [['--port'], 'Option \'--port <value>\' argument missing'],
    [['--watch=yes'], 'Option \'--watch\' does not take an argument'],
    [['--port', 'eighty'], '--port must be an integer from 0 to 65535, got "eighty"'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535, got "70000"'],
    [['--watch'], '--watch needs --fixtures FILE (the embedded demo never changes)'],
    [['--replay-strict'], '--replay-strict needs --replay RECORDING'],
    [['--log-level', 'loud'], '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [['--rate-limit', 'many'], '--rate-limit must be a whole number >= 1 or off, got "many"'],
    [['--admin-token', 'short'], '--admin-token must be at least 8 characters'],
    [['--journal-cap', '0'], '--journal-cap must be a whole number >= 1, got "0"'],
    [['--body-limit', '1k'], '--body-limit must be a whole number >= 1, got "1k"'],
    [['--max-header-size', '100'], '--max-header-size must be a whole number >= 1024, got "100"'],
    [['record', '--upstream', UPSTREAM], 'record needs --out RECORDING'],
    [['record', '--upstream', UPSTREAM, '--out', ''], 'record needs --out RECORDING'],
    [['record', '--out', 'r.json'], 'record needs --upstream URL or --data-center DC (one of them)'],
    [['record', '--upstream', UPSTREAM, '--data-center', '01', '--out', 'r.json'], 'record needs --upstream URL or --data-center DC (one of them)'],
    [['record', '--data-center', '99', '--out', 'r.json'], '--data-center must be one of 01, 02, 03, 04, 05, 06, 101, got "99"'],
    [['record', '--upstream', 'sdk-01.moengage.com', '--out', 'r.json'], '--upstream: the upstream must be an http(s) URL, got "sdk-01.moengage.com"'],
    [['fixtures-from-recording'], 'fixtures-from-recording needs exactly one RECORDING file'],
    [['fixtures-from-recording', 'a.json', 'b.json'], 'fixtures-from-recording needs exactly one RECORDING file'],
    [['fixtures-from-recording', 'a.json', '--api-key', ''], '--api-key cannot be empty'],
    [['check-fixtures'], 'check-fixtures needs at least one FILE'],
    [['contract', '--target', 'staging'], '--target must be one of mock, live, got "staging"'],
    [['contract', '--reporter', 'xml'], '--reporter must be one of pretty, tap, junit, json, got "xml"'],
    [['contract', '--rate', '0'], `--rate must be an integer from 1 to ${VENDOR_RATE_LIMIT}, got "0"`],
    [['contract', '--rate', String(VENDOR_RATE_LIMIT + 1)], `--rate must be an integer from 1 to ${VENDOR_RATE_LIMIT}, got "${VENDOR_RATE_LIMIT + 1}"`],
    [['contract', '--compare', '--target', 'mock'], '--compare compares the live target with a mock: leave out --target mock'],
    [['contract', '--compare', '--write-behaviour', 'w.json'], '--write-behaviour writes what one target showed: leave out --compare'],
    [['contract', '--base-url', UPSTREAM, '--data-center', '01'], 'give --base-url URL or --data-center DC, not both'],
    [['help', 'nope'], 'unknown command "nope"'],
    [['help', 'serve', 'record'], 'unexpected argument "record"'],
    [['help', '--port', '1'], '--port does not apply to "help"']
  ]
  for (const [argv, message] of cases) t.equal(refused(argv), message, argv.join(' '))
})

t.test('--help, -h and help: the usage of every command, or of the one named', async (t) => {
  t.strictSame(parseCli(['--help']), { command: 'help', topic: undefined })
  t.strictSame(parseCli(['-h']), { command: 'help', topic: undefined })
  t.strictSame(parseCli(['help']), { command: 'help', topic: undefined })
  t.strictSame(parseCli(['--port', '0', '--help']), { command: 'help', topic: undefined })
  for (const command of COMMAND_NAMES) {
    t.strictSame(parseCli([command, '--help']), { command: 'help', topic: command })
    t.strictSame(parseCli(['help', command]), { command: 'help', topic: command })
  }
  t.strictSame(parseCli(['serve', '--port', 'eighty', '-h']), { command: 'help', topic: 'serve' }, 'help comes before the values are checked')
})

t.test('the usage shows every option of every command, in lines of at most 110 characters', async (t) => {
  const all = usage()
  for (const c of COMMANDS) {
    const own = usage(c.name)
    for (const o of optionsOf(c.name).filter((r) => r.name !== 'help')) t.match(own, `\n  ${flagOf(o)} `, `${c.name}: ${flagOf(o)}`)
    t.ok(all.includes(own.slice(own.indexOf('\n\n') + 2, own.lastIndexOf('\n\n'))), `${c.name}: its section is in the full usage`)
    for (const other of COMMANDS.filter((x) => x !== c)) t.notMatch(own, `\n${other.name}`, `${c.name}: nothing of ${other.name}`)
  }
  t.match(all, 'Usage:\n  personalize-mock [serve] [--port N] [--host H] [--fixtures FILE [--watch]]')
  t.match(all, '  personalize-mock record (--upstream URL | --data-center DC) --out RECORDING [--port N]')
  t.match(all, `--rate-limit N|off       fetch requests per minute per workspace, or off; default ${VENDOR_RATE_LIMIT} (the vendor's)`)
  t.notMatch(all, '`', 'the terminal gets no markdown')
  t.strictSame(all.split('\n').filter((l) => l.length > 110), [])
})

t.test('the option table holds together', async (t) => {
  t.strictSame(COMMANDS.map((c) => c.name), [...COMMAND_NAMES], 'each command described once')
  for (const o of OPTIONS) {
    t.ok(OPTIONS.filter((r) => r.name === o.name).every((r) => r.type === o.type && r.short === o.short), `--${o.name}: one type wherever it appears`)
    t.ok(o.type === 'boolean' ? o.value === undefined && o.values === undefined && o.default === undefined : o.value !== undefined || o.values !== undefined, `--${o.name}: a value name when it takes a value`)
    for (const command of o.commands) {
      t.equal(optionsOf(command).filter((r) => r.name === o.name).length, 1, `${command} --${o.name}: one row`)
      if (o.needs !== undefined) t.ok(optionsOf(command).some((r) => r.name === o.needs?.option), `${command} --${o.name}: what it needs is an option of ${command}`)
    }
    if (o.group !== undefined) t.ok(OPTIONS.filter((r) => r.group === o.group).length > 1, `--${o.name}: a group of more than one`)
  }
})

t.test('did you mean: the nearest candidate within an edit or two, or the one it begins', async (t) => {
  t.equal(editDistance('prot', 'port'), 1, 'two neighbours swapped are one edit')
  t.equal(editDistance('kitten', 'sitting'), 3)
  t.equal(editDistance('', 'abc'), 3)
  t.equal(editDistance('same', 'same'), 0)
  const flags = ['--port', '--host', '--out', '--output', '--allow-writes']
  t.equal(closest('--prot', flags), '--port')
  t.equal(closest('--hots', flags), '--host')
  t.equal(closest('--allow-write', flags), '--allow-writes')
  t.equal(closest('--allow', flags), '--allow-writes', 'a beginning of one candidate')
  t.equal(closest('--outpu', flags), '--output', 'the nearest, not the first within reach')
  t.equal(closest('--outp', flags), '--out')
  t.equal(closest('--al', flags), undefined, 'too short to be begun')
  t.equal(closest('--zzz', flags), undefined)
  t.equal(closest('--xyzzy', flags), undefined)
})
