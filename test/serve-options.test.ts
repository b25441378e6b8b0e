// serve's file options as a user runs them: --watch, check-fixtures, logs without credentials, --admin-token.
// In-process through run(), and check-fixtures once in a real process.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { baseUrlOf, cli, cliInProcess, root, serving } from './helpers/cli.js'
import { rawRequest } from './helpers/raw-http.js'
import { authHeaders, basic } from './helpers/server.js'
import { writeTemp } from './helpers/temp.js'
import type { FixtureFile } from '../src/generated/types.js'

const demo = JSON.parse(readFileSync(`${root}/fixtures/demo.json`, 'utf8')) as FixtureFile
const KEY = 'demo-personalize-key'
const auth = authHeaders()

async function title (base: string): Promise<string | undefined> {
  const res = await fetch(`${base}/experiences/fetch`, { method: 'POST', headers: auth, body: '{"experience_key":["checkout-reassurance"]}' })
  const body = await res.json() as { experiences: Record<string, { payload: { Message?: { value: string } } }> }
  return body.experiences['checkout-reassurance']?.payload.Message?.value
}

function withMessage (message: string): string {
  const doc = structuredClone(demo)
  const exp = doc.workspaces[0]!.experiences.find((e) => e.key === 'checkout-reassurance')!
  exp.audiences[0]!.variations[0]!.payload.Message = { value: message, data_type: 'string' }
  return JSON.stringify(doc, null, 2)
}

t.test('--watch serves a changed fixture file; a broken version is refused with its pointer and the last good set stays', async (t) => {
  const file = writeTemp(t, 'watched.json', withMessage('first'))
  const server = serving(t, ['--port', '0', '--fixtures', file, '--watch'])
  const base = baseUrlOf(await server.banner)
  t.equal(await title(base), 'first')
  writeFileSync(file, withMessage('second'))
  await server.until((_, stderr) => stderr.includes(`fixtures reloaded from ${file}`))
  t.equal(await title(base), 'second', 'the new payload is served')
  const broken = JSON.parse(withMessage('third')) as FixtureFile
  broken.workspaces[0]!.experiences[0]!.key = 'abc'
  writeFileSync(file, JSON.stringify(broken))
  await server.until((_, stderr) => stderr.includes('/workspaces/0/experiences/0/key: must NOT have fewer than 5 characters'))
  t.match(server.stderr(), `fixtures in ${file} refused; still serving the last good set`)
  t.equal(await title(base), 'second', 'the last good set is still served')
  writeFileSync(file, '{ not json')
  await server.until((_, stderr) => /not valid JSON: .*\(line 1, column 3\)/.test(stderr))
  t.equal(await title(base), 'second')
})

t.test('check-fixtures validates files without a server and exits 1 when one is refused', async (t) => {
  const good = writeTemp(t, 'good.json', JSON.stringify(demo))
  const bad = writeTemp(t, 'bad.json', '{"workspaces": [{"id": "W", "personalize_api_key": "k", "experiences": [{"key": "abc"}]}]}')
  const ok = await cliInProcess(['check-fixtures', good])
  t.equal(ok.code, 0)
  t.match(ok.stdout, `${good}: ok (1 workspace(s), ${demo.workspaces[0]!.experiences.length} experience(s))`)
  const mixed = await cliInProcess(['check-fixtures', good, bad])
  t.equal(mixed.code, 1)
  t.match(mixed.stderr, `${bad}: refused`)
  t.match(mixed.stderr, `${bad}: /workspaces/0/experiences/0: missing required property "name"`)
  t.match(mixed.stderr, `${bad}: /workspaces/0/experiences/0/key: must NOT have fewer than 5 characters`)
  t.equal((await cliInProcess(['check-fixtures'])).code, 2, 'no file is a usage error')
})

t.test('in a process: check-fixtures prints ok and exits 0', async (t) => {
  const good = writeTemp(t, 'good.json', JSON.stringify(demo))
  const ok = await cli(['check-fixtures', good])
  t.equal(ok.code, 0, ok.stderr)
  t.equal(ok.stdout, `${good}: ok (1 workspace(s), ${demo.workspaces[0]!.experiences.length} experience(s))\n`)
})

t.test('check-fixtures refuses a time zone alias and a CIDR with host bits, naming what was meant', async (t) => {
  const zoneFile = path.join(root, 'test', 'corpus', 'bad-fixtures', 'time-zone-alias.json')
  const zone = await cliInProcess(['check-fixtures', zoneFile])
  t.equal(zone.code, 1)
  t.match(zone.stderr, `${zoneFile}: /workspaces/0/time_zone: "IST" is not an IANA zone name; did you mean "Asia/Kolkata"?\n`)
  const cidrFile = path.join(root, 'test', 'corpus', 'bad-fixtures', 'cidr-host-bits.json')
  const cidr = await cliInProcess(['check-fixtures', cidrFile])
  t.equal(cidr.code, 1)
  t.match(cidr.stderr, `${cidrFile}: /workspaces/0/geo/0/cidr: "203.0.113.5/24" has host bits set; did you mean 203.0.113.0/24?\n`)
})

t.test('logs, even at trace, show every request with Authorization and the admin token redacted', async (t) => {
  const server = serving(t, ['--port', '0', '--log-level', 'trace', '--admin-token', 'admin-secret-token'])
  const base = baseUrlOf(await server.banner)
  await title(base)
  // A wrong key, a refused admin call and a good one: every kind of line the log can hold.
  await fetch(`${base}/experiences/metadata`, { headers: { ...auth, authorization: basic('DEMO_WORKSPACE', 'wrong-secret-key') } })
  await fetch(base.replace(/\/v1$/, '/__admin/faults'), { headers: { 'x-admin-token': 'admin-secret-token-but-wrong' } })
  await fetch(base.replace(/\/v1$/, '/__admin/health'), { headers: { 'x-admin-token': 'admin-secret-token' } })
  await fetch(base.replace(/\/v1$/, '/__ui?token=admin-secret-token'))
  // The name encoded: the access check decodes it, and so must the masking.
  await fetch(base.replace(/\/v1$/, '/__ui?a=1&%74oken=admin-secret-token'))
  await server.until((stdout) => stdout.includes('/__admin/health') && stdout.includes('/__ui?token=[redacted]') && stdout.includes('/__ui?a=1&%74oken=[redacted]'))
  const out = server.stdout()
  const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { req?: { url: string, headers: Record<string, string> } })
  const fetchLog = lines.find((l) => l.req?.url === '/v1/experiences/fetch')
  t.equal(fetchLog?.req?.headers.authorization, '[redacted]')
  t.equal(lines.find((l) => l.req?.url === '/__admin/health')?.req?.headers['x-admin-token'], '[redacted]')
  // The start banner prints the demo credentials on purpose; the log lines never carry them.
  const logs = out.split('\n').filter((l) => l.startsWith('{')).join('\n')
  t.ok(logs.length > 0)
  t.notMatch(logs, KEY)
  t.notMatch(logs, (auth.authorization ?? '').slice(6))
  t.notMatch(out, 'admin-secret-token')
  t.notMatch(logs, 'wrong-secret-key')
  t.notMatch(logs, Buffer.from('DEMO_WORKSPACE:wrong-secret-key').toString('base64'))
})

t.test('--admin-token: the admin API refuses callers without it; the banner says the page wants it, without printing it', async (t) => {
  const server = serving(t, ['--port', '0', '--admin-token', 'admin-secret-token'])
  const banner = await server.banner
  t.match(banner, /^debugging page: http:\/\/127\.0\.0\.1:\d+\/__ui\?token=<your admin token>$/m)
  t.notMatch(banner, 'admin-secret-token')
  const url = baseUrlOf(banner).replace(/\/v1$/, '/__admin/health')
  t.equal((await fetch(url)).status, 403)
  t.equal((await fetch(url, { headers: { 'x-admin-token': 'admin-secret-token' } })).status, 200)
})

t.test('--body-limit and --max-header-size: larger requests get 413 and 431 in the envelope', async (t) => {
  const server = serving(t, ['--port', '0', '--body-limit', '2048', '--max-header-size', '4096'])
  const base = baseUrlOf(await server.banner)
  const port = Number(new URL(base).port)
  const body = JSON.stringify({ experience_key: ['checkout-reassurance'], padding: 'x'.repeat(3000) })
  const tooLong = await fetch(`${base}/experiences/fetch`, { method: 'POST', headers: auth, body })
  t.equal(tooLong.status, 413)
  t.match(await tooLong.json(), { title: '413 Payload Too Large' })
  const tooWide = await rawRequest(port, '/v1/experiences/fetch', { ...auth, 'x-padding': 'p'.repeat(5000) }, '{}')
  t.match(tooWide.head, /^HTTP\/1\.1 431 /)
  t.match(JSON.parse(tooWide.body), { title: '431 Request Header Fields Too Large' })
  t.equal(await title(base), '30-day returns, no questions asked', 'requests within both limits are served')
})

t.test('serve refuses option mistakes with exit 2', async (t) => {
  for (const args of [['--watch'], ['--log-level', 'loud'], ['--rate-limit', 'many'], ['--admin-token', 'short'], ['--journal-cap', '0'], ['--body-limit', '1k'], ['--max-header-size', '100']]) {
    t.equal((await cliInProcess(args)).code, 2, args.join(' '))
  }
})
