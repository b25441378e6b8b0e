// A corpus of broken fixture files (test/corpus/bad-fixtures/): each is refused with the file, the JSON pointer
// and a clear message, at start (exit 1), by check-fixtures, on hot reload and through the admin API; while a
// reload or a PUT is refused, the previous set keeps answering and no request fails.
import t from 'tap'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { baseUrlOf, cli, root, start } from './helpers/cli.js'
import { writeTemp } from './helpers/temp.js'
import { loadFixtureFile } from '../src/fixtures/load.js'
import { FixtureError } from '../src/fixtures/problems.js'
import { startMockServer } from '../src/server/start.js'

const dir = path.join(root, 'test', 'corpus', 'bad-fixtures')
/** file -> [pointer, message] it must be refused with. */
const EXPECTED: Record<string, [string, RegExp]> = {
  'invalid-json.json': ['(document root)', /not valid JSON: property name expected \(line 3, column 23\)/],
  'empty.json': ['(document root)', /not valid JSON/],
  'wrong-type.json': ['/workspaces/0/experiences/0/status', /must be string/],
  'unknown-operator.json': ['/workspaces/0/experiences/0/audiences/0/conditions/operator', /"matches" is not one of "equals"/],
  'duplicate-key.json': ['/workspaces/0/experiences/0/key', /the key "key" appears twice in this object \(line 9, column 9\)/],
  'duplicate-experience-key.json': ['/workspaces/0/experiences/1/key', /duplicate experience key "corpus-banner"/],
  'weights-not-100.json': ['/workspaces/0/experiences/0/audiences/0/variations', /weights sum to 90; they must sum to 100/],
  'too-many-audiences.json': ['/workspaces/0/experiences/0/audiences', /must NOT have more than 10 items/],
  'key-too-long.json': ['/workspaces/0/experiences/0/key', /must NOT have more than 50 characters/],
  'control-group-out-of-range.json': ['/workspaces/0/experiences/0/audiences/0/control_group_percent', /must be <= 100/]
}
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const good = JSON.stringify({ workspaces: [{ id: 'CORPUS', personalize_api_key: 'corpus-key', experiences: [{ key: 'corpus-banner', name: 'Corpus banner', status: 'Active', audiences: [{ id: 'A1', name: 'All Users', all_users: true, variations: [{ weight: 100, payload: { Title: { value: 'good', data_type: 'string' } } }] }] }] }] })
const AUTH = { 'MOE-APPKEY': 'CORPUS', Authorization: 'Basic ' + Buffer.from('CORPUS:corpus-key').toString('base64') }

t.test('the corpus and the expectations name the same files', async (t) => {
  t.strictSame(files, Object.keys(EXPECTED).sort())
})

t.test('at start: every broken file stops the server with exit 1, the file, the pointer and the reason', async (t) => {
  for (const file of files) {
    const res = await cli(['serve', '--port', '0', '--fixtures', path.join(dir, file)])
    const [pointer, message] = EXPECTED[file] ?? ['', /./]
    t.equal(res.code, 1, file)
    t.equal(res.stdout, '', `${file}: nothing claims to listen`)
    const line = res.stderr.split('\n').find((l) => l.includes(`${path.join(dir, file)}: ${pointer}: `))
    t.ok(line, `${file}: a line names the pointer ${pointer}`)
    t.match(line, message, file)
  }
})

t.test('check-fixtures lists every broken file with its problems and exits 1', async (t) => {
  const res = await cli(['check-fixtures', ...files.map((f) => path.join(dir, f))])
  t.equal(res.code, 1)
  for (const file of files) t.match(res.stderr, `${path.join(dir, file)}: refused`)
})

t.test('a file over the size limit is refused before it is read', async (t) => {
  const big = writeTemp(t, 'big.json', good + ' '.repeat(4096))
  const err: unknown = await loadFixtureFile(big, { maxBytes: 2048 }).catch((e: unknown) => e)
  t.ok(err instanceof FixtureError)
  t.match((err as FixtureError).problems[0], { file: big, pointer: '', message: /^the file is 0\.00\d MiB; fixture files are limited to 0\.002 MiB$/ })
})

/** Fetches as fast as it can until stopped; returns every status it saw and the titles served. */
function loadLoop (base: string) {
  const statuses = new Map<number, number>()
  const titles = new Set<string>()
  let running = true
  const done = (async () => {
    while (running) {
      const res = await fetch(`${base}/experiences/fetch`, { method: 'POST', headers: AUTH, body: '{"experience_key":["corpus-banner"]}' })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      const title = ((await res.json()) as { experiences: Record<string, { payload: { Title: { value: string } } }> }).experiences['corpus-banner']?.payload.Title.value
      if (title !== undefined) titles.add(title)
    }
  })()
  return { statuses, titles, stop: async () => { running = false; await done } }
}

t.test('on hot reload: each broken version is refused with its pointer, the last good set serves on, no request fails', async (t) => {
  const file = writeTemp(t, 'watched.json', good)
  const server = start(['--port', '0', '--fixtures', file, '--watch', '--rate-limit', 'off'])
  t.teardown(() => { server.child.kill('SIGTERM') })
  const load = loadLoop(baseUrlOf(await server.banner))
  for (const name of files) {
    const before = server.stderr().length
    writeFileSync(file, readFileSync(path.join(dir, name)))
    const [pointer] = EXPECTED[name] ?? ['']
    for (let i = 0; i < 100 && !server.stderr().slice(before).includes(`${file}: ${pointer}: `); i++) await new Promise((resolve) => setTimeout(resolve, 30))
    t.match(server.stderr().slice(before), `${file}: ${pointer}: `, `${name} refused on reload`)
  }
  await load.stop()
  t.strictSame([...load.statuses.keys()], [200], `every request answered 200 (${[...load.statuses.values()][0] ?? 0} requests)`)
  t.strictSame([...load.titles], ['good'], 'always from the last good set')
})

t.test('through the admin API: each broken document is refused with its pointer while requests keep succeeding', async (t) => {
  const mock = await startMockServer({ fixtures: JSON.parse(good), rateLimit: false })
  t.teardown(() => mock.close())
  const load = loadLoop(mock.baseUrl)
  for (const name of files.filter((f) => !['invalid-json.json', 'empty.json', 'duplicate-key.json'].includes(f))) {
    const res = await fetch(`${mock.url}/__admin/fixtures`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: readFileSync(path.join(dir, name)) })
    const body = await res.json() as { problems: Array<{ pointer: string, message: string }> }
    const [pointer, message] = EXPECTED[name] ?? ['', /./]
    t.equal(res.status, 400, name)
    t.ok(body.problems.some((p) => p.pointer === pointer && message.test(p.message)), `${name}: ${pointer}`)
  }
  const broken = await fetch(`${mock.url}/__admin/fixtures`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: readFileSync(path.join(dir, 'invalid-json.json')) })
  t.equal(broken.status, 400, 'a body that is not JSON is refused too')
  await load.stop()
  t.strictSame([...load.statuses.keys()], [200])
  t.strictSame([...load.titles], ['good'])
})
