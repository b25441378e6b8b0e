// GET /__ui: one self-contained document (style and script inline, nothing fetched from elsewhere), sent with a
// Content Security Policy that allows exactly its script, under the admin API's access rule.
import t from 'tap'
import { createHash } from 'node:crypto'
import { violations } from './helpers/schemas.js'
import { demoServer } from './helpers/server.js'

t.test('the page is one document whose only script is the one its policy allows', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ method: 'GET', url: '/__ui' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  const csp = String(res.headers['content-security-policy'])
  const scripts = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '')
  t.equal(scripts.length, 1, 'one inline script')
  t.match(csp, `script-src 'sha256-${createHash('sha256').update(scripts[0] ?? '').digest('base64')}'`)
  t.match(csp, "default-src 'none'")
  t.match(csp, "connect-src 'self'")
  t.notMatch(res.body, /<script[^>]*\bsrc=|<link[^>]*href="(?!data:)/, 'nothing loaded from elsewhere (works offline)')
  t.match(res.body, '<h2 id="simulate-title">Simulate a visitor</h2>')
})

t.test('the page follows the admin rule: loopback only without a token', async (t) => {
  const app = await demoServer(t)
  const remote = await app.inject({ method: 'GET', url: '/__ui', remoteAddress: '10.0.0.9' })
  t.equal(remote.statusCode, 403)
  t.equal(remote.json().title, '403 Forbidden')
  const framed = await app.inject({ method: 'GET', url: '/__ui', headers: { 'sec-fetch-site': 'cross-site' } })
  t.equal(framed.statusCode, 403, 'another site cannot load it')
})

t.test('with an admin token the page opens as /__ui?token=…, and only the page takes the token from the address', async (t) => {
  const app = await demoServer(t, { adminToken: 'ui-secret-token' })
  const remote = { remoteAddress: '10.0.0.9', headers: { host: 'mock.internal:4010' } }
  t.equal((await app.inject({ method: 'GET', url: '/__ui', ...remote })).statusCode, 403, 'no token')
  t.equal((await app.inject({ method: 'GET', url: '/__ui?token=wrong-token', ...remote })).statusCode, 403, 'a wrong token')
  t.equal((await app.inject({ method: 'GET', url: '/__ui?token=ui-secret-token', ...remote })).statusCode, 200, 'the token in the address')
  t.equal((await app.inject({ method: 'GET', url: '/__ui', remoteAddress: '10.0.0.9', headers: { host: 'mock.internal:4010', 'x-admin-token': 'ui-secret-token' } })).statusCode, 200, 'the token in the header')
  t.equal((await app.inject({ method: 'GET', url: '/__admin/health?token=ui-secret-token', ...remote })).statusCode, 403, 'the admin API wants the header')
  // The page then calls the admin API on its own origin, with the header.
  const sameOrigin = await app.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '10.0.0.9', headers: { host: 'mock.internal:4010', origin: 'http://mock.internal:4010', 'x-admin-token': 'ui-secret-token' } })
  t.equal(sameOrigin.statusCode, 200)
  const otherOrigin = await app.inject({ method: 'GET', url: '/__admin/health', remoteAddress: '10.0.0.9', headers: { host: 'mock.internal:4010', origin: 'http://evil.example', 'x-admin-token': 'ui-secret-token' } })
  t.equal(otherOrigin.statusCode, 403, 'another origin is refused even with the token')
})

t.test('/__admin/experiences validates against its schema and ranges cover every bucket once per audience', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ method: 'GET', url: '/__admin/experiences' })
  t.equal(res.statusCode, 200)
  t.strictSame(violations('admin.schema.json#/definitions/Experiences', res.json()), [])
  for (const ws of res.json().workspaces) {
    for (const e of ws.experiences) {
      for (const a of e.audiences) {
        const ranges = a.variations.map((v: { range: [number, number] }) => v.range)
        t.equal(ranges[0][0], 0, `${e.key}/${a.id} starts at 0`)
        t.equal(ranges.at(-1)[1], 10000, `${e.key}/${a.id} ends at 10000`)
        t.ok(ranges.every((r: [number, number], i: number) => i === 0 || r[0] === ranges[i - 1][1]), `${e.key}/${a.id} contiguous`)
      }
    }
  }
})

t.test('/__ui/ (with a trailing slash) answers the same page, under the same rule', async (t) => {
  const app = await demoServer(t)
  const [plain, slash] = await Promise.all([app.inject({ method: 'GET', url: '/__ui' }), app.inject({ method: 'GET', url: '/__ui/' })])
  t.equal(slash.statusCode, 200)
  t.equal(slash.body, plain.body)
  t.equal(slash.headers['content-security-policy'], plain.headers['content-security-policy'])
  t.equal((await app.inject({ method: 'GET', url: '/__ui/', remoteAddress: '10.0.0.9' })).statusCode, 403, 'loopback only without a token')
})
