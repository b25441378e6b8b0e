// The recording proxy against a plain HTTP server standing in for the real API, one that does what the mock never
// does (compressed answers, repeated headers, reason phrases, redirects, HEAD, non-UTF-8 bytes, a connection cut
// mid-answer): what the app gets through the proxy is what it gets directly, byte for byte.
import t, { type Test } from 'tap'
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { Recorder } from '../src/record/recording.js'
import { buildRecordingProxy, secretsOf } from '../src/server/recording-proxy.js'
import { basic } from './helpers/server.js'

interface Seen { method: string, url: string, headers: IncomingHttpHeaders, rawHeaders: string[], body: Buffer }

const ANSWER = JSON.stringify({ experiences: {} })
const METADATA = JSON.stringify({ metadata: { count: 0, experiences: [] } })

/** The stand-in upstream: what it answers depends on the path; every request it saw is kept. */
async function upstream (t: Test, o: { holdMetadata?: boolean } = {}): Promise<{ url: string, seen: Seen[], release: () => void }> {
  const seen: Seen[] = []
  let release = (): void => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  if (o.holdMetadata !== true) release()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) })
      const path = (req.url ?? '').split('?')[0]
      if (path === '/v1/experiences/metadata') {
        // The experience list waits until the test releases it: the app's first answer must not.
        void held.then(() => { res.writeHead(200, { 'content-type': 'application/json' }).end(METADATA) })
        return
      }
      if (path === '/v1/experiences/fetch') {
        const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? ''))
        res.writeHead(200, 'All Good', ['Content-Type', 'application/json', 'X-Multi', 'p', 'X-Multi', 'q', ...(gzip ? ['Content-Encoding', 'gzip'] : [])])
        res.end(gzip ? gzipSync(ANSWER) : ANSWER)
        return
      }
      if (path === '/v1/experiences/events') {
        // Cut mid-answer: the headers went out, the body never ends.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
        res.write('{"status":', () => res.socket?.destroy())
        return
      }
      if (path === '/v1/moved') { res.writeHead(302, { location: '/v1/elsewhere' }).end(); return }
      if (path === '/v1/bytes') { res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0xff, 0x00, 0xfe])); return }
      if (req.method === 'HEAD') { res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1234' }).end(); return }
      res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { release(); server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, release }
}

async function proxyFor (t: Test, upstreamUrl: string, redact: string[] = []): Promise<{ app: FastifyInstance, url: string, recorder: Recorder }> {
  const recorder = new Recorder({ upstream: `${upstreamUrl}/v1`, redact })
  // No answer here is slow on purpose: the time limit is far off, so a loaded machine cannot trip it.
  const app = await buildRecordingProxy({ upstream: `${upstreamUrl}/v1`, recorder, timeoutMs: 60_000 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, recorder }
}

interface Raw { status: number, reason: string, rawHeaders: string[], body: Buffer }

/** A raw call (node:http, nothing decoded), so reason phrases, repeated headers and bytes can be compared. */
function raw (base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * The headers both sides must agree on: all but those of each connection, its date and its framing (the proxy reads
 * the whole answer, so a chunked one comes back with its length; HEAD keeps the upstream's, checked below).
 */
const comparable = (h: string[]): string[] => {
  const out: string[] = []
  for (let i = 0; i < h.length; i += 2) {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes((h[i] as string).toLowerCase())) out.push(h[i] as string, h[i + 1] as string)
  }
  return out
}
const lengthOf = (h: string[]): string | undefined => h[h.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === 'content-length') + 1]

const AUTH = { 'moe-appkey': 'WS', authorization: basic('WS', 'the-api-key'), 'content-type': 'application/json' }

t.test('answers come back as the upstream gave them: status, reason, repeated headers, compressed bytes', async (t) => {
  const up = await upstream(t)
  const proxy = await proxyFor(t, up.url)
  for (const encoding of ['gzip, br', undefined]) {
    const headers = { ...AUTH, ...(encoding === undefined ? {} : { 'accept-encoding': encoding }) }
    const direct = await raw(up.url, 'POST', '/v1/experiences/fetch', headers, '{"a":1}')
    const through = await raw(proxy.url, 'POST', '/v1/experiences/fetch', headers, '{"a":1}')
    t.equal(through.status, direct.status)
    t.equal(through.reason, 'All Good', 'the reason phrase')
    t.strictSame(comparable(through.rawHeaders), comparable(direct.rawHeaders), `headers, ${encoding ?? 'no accept-encoding'}`)
    t.ok(through.body.equals(direct.body), 'the same bytes')
  }
  t.equal(up.seen[1]!.headers['accept-encoding'], 'gzip, br', 'Accept-Encoding forwarded as sent')
  t.equal(up.seen[3]!.headers['accept-encoding'], undefined, 'and not added when the app sent none')
  t.equal(up.seen[1]!.headers.authorization, AUTH.authorization, 'credentials forwarded')
  t.same(proxy.recorder.recording.interactions[0]!.response.body, JSON.parse(ANSWER), 'the recording holds the decoded answer')
})

t.test('redirects, HEAD and bytes that are not UTF-8 pass through untouched', async (t) => {
  const up = await upstream(t)
  const proxy = await proxyFor(t, up.url)
  for (const [method, path] of [['GET', '/v1/moved'], ['HEAD', '/v1/anything'], ['GET', '/v1/bytes']] as const) {
    const direct = await raw(up.url, method, path)
    const through = await raw(proxy.url, method, path)
    t.equal(through.status, direct.status, `${method} ${path}`)
    t.strictSame(comparable(through.rawHeaders), comparable(direct.rawHeaders), `${method} ${path} headers`)
    t.ok(through.body.equals(direct.body), `${method} ${path} bytes`)
    if (method === 'HEAD') t.equal(lengthOf(through.rawHeaders), '1234', 'HEAD keeps the length of the GET it stands for')
  }
  const body = Buffer.alloc(2 * 1024 * 1024, 'x')
  await raw(proxy.url, 'POST', '/v1/experiences/fetch', AUTH, body)
  t.equal(up.seen.at(-1)!.body.length, body.length, 'a 2 MiB body is forwarded whole (the mock\'s own 1 MiB limit does not apply)')
})

t.test('the first call of a workspace is answered without waiting for its metadata snapshot', async (t) => {
  const up = await upstream(t, { holdMetadata: true })
  const proxy = await proxyFor(t, up.url)
  const first = await raw(proxy.url, 'POST', '/v1/experiences/fetch', AUTH, '{}')
  t.equal(first.status, 200, 'answered while the experience list is still held back')
  t.equal(proxy.recorder.recording.metadata?.WS, undefined)
  up.release()
  await proxy.app.recordingSettled()
  t.same(proxy.recorder.recording.metadata?.WS?.body, JSON.parse(METADATA), 'the snapshot arrives later')
  t.equal(up.seen.filter((s) => s.url === '/v1/experiences/metadata').length, 1, 'taken once')
  t.equal(up.seen.find((s) => s.url === '/v1/experiences/metadata')?.headers.authorization, AUTH.authorization, 'with the same credentials')
})

t.test('an answer cut off mid-body is 502 in the envelope, and nothing is recorded', async (t) => {
  const up = await upstream(t)
  const proxy = await proxyFor(t, up.url)
  const res = await raw(proxy.url, 'POST', '/v1/experiences/events', AUTH, '{"elements":[]}')
  t.equal(res.status, 502)
  t.match(JSON.parse(res.body.toString()), { title: '502 Bad Gateway', description: /^The recording proxy got no answer from http:\/\/127\.0\.0\.1:\d+: .+\. Nothing was recorded\.$/ })
  t.equal(proxy.recorder.recording.interactions.length, 0)
})

t.test('secrets and redacted fields stay out of the file, in JSON bodies, broken JSON and forms alike', async (t) => {
  const up = await upstream(t)
  const proxy = await proxyFor(t, up.url, ['u_em'])
  await raw(proxy.url, 'POST', '/v1/experiences/fetch', AUTH, '{"identifiers":{"user_identifiers":{"u_em":"bob@example.com"}},}')
  await raw(proxy.url, 'POST', '/v1/experiences/fetch', { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, 'u_em=carol%40example.com&keep=1')
  await raw(proxy.url, 'POST', '/v1/experiences/fetch', { ...AUTH, authorization: 'Bearer BEARERTOK999' }, '{"note":"token BEARERTOK999"}')
  await raw(proxy.url, 'POST', '/v1/experiences/fetch', AUTH, '{"note":"the key is the-api-key"}')
  const text = JSON.stringify(proxy.recorder.recording)
  for (const secret of ['bob@example.com', 'carol%40example.com', 'BEARERTOK999', 'the-api-key']) t.notOk(text.includes(secret), `no ${secret}`)
  t.strictSame(proxy.recorder.recording.interactions.map((x) => x.request.body_text ?? x.request.body), [
    '{"identifiers":{"user_identifiers":{"u_em":"[redacted]"}},}',
    'u_em=[redacted]&keep=1',
    { note: 'token [redacted]' },
    { note: 'the key is [redacted]' }
  ])
  t.strictSame(secretsOf(basic('WS', 'k3y-value')), ['k3y-value', Buffer.from('WS:k3y-value').toString('base64')])
  t.strictSame(secretsOf('Bearer abc.def'), ['abc.def'])
  t.strictSame(secretsOf('just-a-token'), ['just-a-token'])
  t.strictSame(secretsOf(undefined), [])
})

t.test('the app\'s headers reach the upstream with their repeats and the case first sent; an encoded key is masked too', async (t) => {
  const up = await upstream(t)
  const proxy = await proxyFor(t, up.url)
  await new Promise<void>((resolve, reject) => {
    const req = request(`${proxy.url}/v1/experiences/fetch`, { method: 'POST', headers: { 'MOE-APPKEY': 'WS', Authorization: basic('WS', 'k3y+/with=sym'), 'X-Multi': ['a', 'b'], 'Content-Type': 'application/json' } }, (res) => { res.resume(); res.on('end', resolve) })
    req.on('error', reject)
    req.end(`{"note":"${encodeURIComponent('k3y+/with=sym')}"}`)
  })
  const seen = up.seen.at(-1)!
  const pairs = (h: string[]) => h.flatMap((v, i) => i % 2 === 0 ? [`${v}: ${h[i + 1] ?? ''}`] : [])
  t.match(pairs(seen.rawHeaders), ['MOE-APPKEY: WS'], 'the case sent')
  t.strictSame(pairs(seen.rawHeaders).filter((p) => p.startsWith('X-Multi')), ['X-Multi: a', 'X-Multi: b'], 'a repeated header stays repeated')
  t.notOk(JSON.stringify(proxy.recorder.recording).includes(encodeURIComponent('k3y+/with=sym')), 'the key, URL-encoded, is masked')
})

t.test('an upstream that trickles its answer past the time limit is 502; closing ends a trickling snapshot', async (t) => {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    const drip = setInterval(() => res.write(' '), 50)
    req.socket.on('close', () => clearInterval(drip))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)) })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const recorder = new Recorder({ upstream: `${url}/v1` })
  const app = await buildRecordingProxy({ upstream: `${url}/v1`, recorder, timeoutMs: 400, snapshotGraceMs: 100 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  // The upstream never finishes: only the time limit can end this request (were it ignored, tap's timeout would).
  const res = await raw(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, 'POST', '/v1/experiences/fetch', AUTH, '{}')
  t.equal(res.status, 502)
  t.match(JSON.parse(res.body.toString()).description, ': no answer in time. Nothing was recorded.')
  await app.close()
  t.pass('closed although nothing ever answered')
})
