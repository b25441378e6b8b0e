// A corpus of broken fixture files (test/corpus/bad-fixtures/, plus three made here: nested 20,000 deep, 300
// MiB, and hundreds of keys written twice): each is refused with the file, the JSON pointer and a clear message,
// at start (exit 1), by check-fixtures, on hot reload and through the admin API; while a reload or a PUT is
// refused, the previous set keeps answering and no request fails.
import t, { type Test } from 'tap'
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { baseUrlOf, cliInProcess, root, serving } from './helpers/cli.js'
import { keepFetching, type Load } from './helpers/load.js'
import { authHeaders } from './helpers/server.js'
import { writeTemp } from './helpers/temp.js'
import { loadFixtureFile } from '../src/fixtures/load.js'
import { FixtureError } from '../src/fixtures/problems.js'
import { startMockServer } from '../src/server/start.js'

const dir = path.join(root, 'test', 'corpus', 'bad-fixtures')
const good = JSON.stringify({ workspaces: [{ id: 'CORPUS', personalize_api_key: 'corpus-key', experiences: [{ key: 'corpus-banner', name: 'Corpus banner', status: 'Active', audiences: [{ id: 'A1', name: 'All Users', all_users: true, variations: [{ weight: 100, payload: { Title: { value: 'good', data_type: 'string' } } }] }] }] }] })

/** Broken files made at run time: too big or too odd to commit. */
const made = {
  'nested-too-deep.json': (file: string) => writeFileSync(file, `{"workspaces":${'['.repeat(20_000)}${']'.repeat(20_000)}}`),
  // Sparse: 300 MiB long, no disk used; refused from its size alone.
  'oversized.json': (file: string) => { writeFileSync(file, good); truncateSync(file, 300 * 2 ** 20) },
  'many-duplicate-keys.json': (file: string) => writeFileSync(file, `{"workspaces":[],${Array.from({ length: 500 }, () => '"x":1').join(',')}}`)
}

/** file -> [pointer, message] it must be refused with. */
const EXPECTED: Record<string, [string, RegExp]> = {
  'invalid-json.json': ['(document root)', /not valid JSON: property name expected \(line 3, column 23\)/],
  'empty.json': ['(document root)', /not valid JSON: value expected/],
  'wrong-type.json': ['/workspaces/0/experiences/0/status', /must be string/],
  'unknown-operator.json': ['/workspaces/0/experiences/0/audiences/0/conditions/operator', /"matches" is not one of "equals"/],
  'duplicate-key.json': ['/workspaces/0/experiences/0/key', /the key "key" appears twice in this object \(line 9, column 9\)/],
  'duplicate-experience-key.json': ['/workspaces/0/experiences/1/key', /duplicate experience key "corpus-banner"/],
  'weights-not-100.json': ['/workspaces/0/experiences/0/audiences/0/variations', /weights sum to 90; they must sum to 100/],
  'too-many-audiences.json': ['/workspaces/0/experiences/0/audiences', /must NOT have more than 10 items/],
  'key-too-long.json': ['/workspaces/0/experiences/0/key', /must NOT have more than 50 characters/],
  'control-group-out-of-range.json': ['/workspaces/0/experiences/0/audiences/0/control_group_percent', /must be <= 100/],
  'time-zone-alias.json': ['/workspaces/0/time_zone', /^"IST" is not an IANA zone name; did you mean "Asia\/Kolkata"\?$/],
  'cidr-host-bits.json': ['/workspaces/0/geo/0/cidr', /^"203\.0\.113\.5\/24" has host bits set; did you mean 203\.0\.113\.0\/24\?$/],
  'nested-too-deep.json': ['(document root)', /the document is nested too deeply to load/],
  'oversized.json': ['(document root)', /^the file is 314,572,800 bytes \(300 MiB\); files are limited to 268,435,456 bytes \(256 MiB\)$/],
  'many-duplicate-keys.json': ['(document root)', /^479 more keys appear twice in their objects$/]
}

const scratch = path.dirname(writeTemp(t, 'good.json', good))
for (const [name, make] of Object.entries(made)) make(path.join(scratch, name))
const corpus = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const pathOf = (name: string): string => Object.hasOwn(made, name) ? path.join(scratch, name) : path.join(dir, name)
const names = [...corpus, ...Object.keys(made)]
const AUTH = authHeaders({ id: 'CORPUS', key: 'corpus-key' })

/** The refusal line for `file` in `output` ("<file>: <pointer>: <message>"), checked against EXPECTED[name]. */
function refusedLine (t: Test, output: string, name: string, file: string): void {
  const [pointer, message] = EXPECTED[name] ?? ['', /$^/]
  const prefix = `${file}: ${pointer}: `
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.startsWith(prefix) && message.test(l.slice(prefix.length)))
  t.ok(line, `${name}: refused at ${pointer} with ${String(message)}`)
}

t.test('the corpus and the expectations name the same files', async (t) => {
  t.strictSame(names.sort(), Object.keys(EXPECTED).sort())
})

t.test('at start: every broken file stops the server with exit 1, the file, the pointer and the reason', async (t) => {
  for (const name of names) {
    const res = await cliInProcess(['serve', '--port', '0', '--fixtures', pathOf(name)])
    t.equal(res.code, 1, name)
    t.equal(res.stdout, '', `${name}: nothing claims to listen`)
    refusedLine(t, res.stderr, name, pathOf(name))
  }
})

t.test('check-fixtures lists every broken file with its pointer and reason, and exits 1', async (t) => {
  const res = await cliInProcess(['check-fixtures', ...names.map(pathOf)])
  t.equal(res.code, 1)
  for (const name of names) {
    t.match(res.stderr, `${pathOf(name)}: refused`)
    refusedLine(t, res.stderr, name, pathOf(name))
  }
})

// The command line's own limit (256 MiB) is the corpus's oversized.json above.
t.test('the size limit holds for files, and for pipes that have no size until read', async (t) => {
  const big = writeTemp(t, 'big.json', good + ' '.repeat(4096))
  const err: unknown = await loadFixtureFile(big, { maxBytes: 2048 }).catch((e: unknown) => e)
  t.ok(err instanceof FixtureError)
  t.match((err as FixtureError).problems[0], { file: big, pointer: '', message: /^the file is 4,\d{3} bytes; files are limited to 2,048 bytes$/ })
  const endless: unknown = await loadFixtureFile('/dev/zero', { maxBytes: 2048 }).catch((e: unknown) => e)
  t.ok(endless instanceof FixtureError, 'an endless device is cut off, not read to the end')
  t.match((endless as FixtureError).problems[0], { file: '/dev/zero', pointer: '', message: 'the file holds more than 2,048 bytes; files are limited to 2,048 bytes' })
})

/** The titles served and the statuses seen under `load`. */
function summary (load: Load): { statuses: Array<number | string>, titles: string[] } {
  const titles = load.outcomes.map((o) => (o.body as { experiences?: Record<string, { payload: { Title: { value: string } } }> }).experiences?.['corpus-banner']?.payload.Title.value)
  return { statuses: [...new Set(load.outcomes.map((o) => o.status))], titles: [...new Set(titles.filter((x) => x !== undefined))] }
}
const fetchInit = { method: 'POST', headers: AUTH, body: '{"experience_key":["corpus-banner"]}' }

t.test('on hot reload: each broken version is refused with its pointer and reason, the last good set serves on, no request fails', async (t) => {
  const file = path.join(scratch, 'watched.json')
  writeFileSync(file, good)
  const server = serving(t, ['--port', '0', '--fixtures', file, '--watch', '--rate-limit', 'off'])
  const load = keepFetching(`${baseUrlOf(await server.banner)}/experiences/fetch`, fetchInit)
  for (const name of names) {
    const before = server.stderr().length
    // The oversized file is grown in place (sparse): copying 300 MiB would be read half-written.
    if (name === 'oversized.json') truncateSync(file, 300 * 2 ** 20)
    else copyFileSync(pathOf(name), file)
    const [pointer] = EXPECTED[name] ?? ['']
    await server.until((_, stderr) => stderr.slice(before).includes(`${file}: ${pointer}: `))
    refusedLine(t, server.stderr().slice(before), name, file)
  }
  await load.stop()
  const { statuses, titles } = summary(load)
  t.strictSame(statuses, [200], `every request answered 200 (${load.outcomes.length} requests)`)
  t.strictSame(titles, ['good'], 'always from the last good set')
})

t.test('through the admin API: each broken document is refused with its pointer and reason while requests keep succeeding', async (t) => {
  const mock = await startMockServer({ fixtures: JSON.parse(good), rateLimit: false })
  t.teardown(() => mock.close())
  const load = keepFetching(`${mock.baseUrl}/experiences/fetch`, fetchInit)
  // The oversized file is left out: 300 MiB through HTTP would test the network, not the refusal.
  for (const name of names.filter((n) => n !== 'oversized.json')) {
    const res = await fetch(`${mock.url}/__admin/fixtures`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: readFileSync(pathOf(name)) })
    const body = await res.json() as { title: string, problems?: Array<{ file: string, pointer: string, message: string }> }
    const [pointer, message] = EXPECTED[name] ?? ['', /$^/]
    t.equal(res.status, 400, name)
    t.equal(body.title, 'Invalid fixtures', name)
    const at = pointer === '(document root)' ? '' : pointer
    t.ok(body.problems?.some((p) => p.file === 'PUT /__admin/fixtures' && p.pointer === at && message.test(p.message)), `${name}: refused at ${pointer} with ${String(message)}`)
  }
  await load.stop()
  const { statuses, titles } = summary(load)
  t.strictSame(statuses, [200], `every request answered 200 (${load.outcomes.length} requests)`)
  t.strictSame(titles, ['good'])
})
