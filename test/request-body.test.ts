import t from 'tap'
import net, { type AddressInfo } from 'node:net'
import { Duplex } from 'node:stream'
import { rawRequest } from './helpers/raw-http.js'
import { ROUTES, authHeaders, demoServer } from './helpers/server.js'
import { clientErrorHandler } from '../src/server/plugins/vendor-errors.js'

const MALFORMED = {
  title: 'Malformed JSON',
  description: 'Could not decode the request body. The JSON was incorrect or not encoded as UTF-8.'
}

for (const name of ['fetch', 'events'] as const) {
  const route = ROUTES[name]

  t.test(`${name}: a body that is not JSON is 400 Malformed JSON`, async (t) => {
    const app = await demoServer(t)
    for (const payload of ['{"identifiers":', 'not json', '{"a":1}}', "{'a': 1}"]) {
      const res = await app.inject({ ...route, headers: authHeaders(), payload })
      t.equal(res.statusCode, 400, payload)
      t.strictSame(res.json(), MALFORMED, payload)
    }
  })

  t.test(`${name}: a body that is not UTF-8 is 400 Malformed JSON`, async (t) => {
    const app = await demoServer(t)
    const latin1 = Buffer.from('{"utm_source":"caf\xe9"}', 'latin1')
    const res = await app.inject({ ...route, headers: authHeaders(), payload: latin1 })
    t.equal(res.statusCode, 400)
    t.strictSame(res.json(), MALFORMED)
  })

  t.test(`${name}: an empty body is 400 Malformed JSON, with or without a Content-Type`, async (t) => {
    const app = await demoServer(t)
    const withType = await app.inject({ ...route, headers: authHeaders(), payload: '' })
    t.equal(withType.statusCode, 400)
    t.strictSame(withType.json(), MALFORMED)
    const { 'content-type': _, ...bare } = authHeaders()
    const noType = await app.inject({ ...route, headers: bare })
    t.equal(noType.statusCode, 400)
    t.strictSame(noType.json(), MALFORMED)
  })
}

t.test('a JSON body is accepted whatever its Content-Type says', async (t) => {
  const app = await demoServer(t)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8']) {
    const res = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(), 'content-type': type }, payload: '{"experience_key":["homepage-banner"]}' })
    t.equal(res.statusCode, 200, type)
    t.ok(res.json().experiences['homepage-banner'], type)
  }
})

t.test('a UTF-8 body that starts with a byte order mark is accepted', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ ...ROUTES.fetch, headers: authHeaders(), payload: Buffer.from('\ufeff{"experience_key":["homepage-banner"]}', 'utf8') })
  t.equal(res.statusCode, 200)
})

t.test('a body over the size limit is 413 in the envelope', async (t) => {
  const app = await demoServer(t, { bodyLimit: 1024 })
  const res = await app.inject({ ...ROUTES.fetch, headers: authHeaders(), payload: JSON.stringify({ padding: 'x'.repeat(2048) }) })
  t.equal(res.statusCode, 413)
  t.strictSame(res.json(), { title: '413 Payload Too Large', description: 'The request body is larger than the server accepts.' })
})

t.test('request headers over the header limit get 431 in the envelope on the socket, and the server keeps serving', async (t) => {
  const app = await demoServer(t, { maxHeaderSize: 4096 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}/v1/experiences/fetch`
  const body = '{"experience_key":["homepage-banner"]}'

  const big = await rawRequest(port, '/v1/experiences/fetch', { ...authHeaders(), 'x-padding': 'p'.repeat(8192) }, body)
  t.match(big.head, /^HTTP\/1\.1 431 /)
  t.strictSame(JSON.parse(big.body), { title: '431 Request Header Fields Too Large', description: 'The request headers are larger than the server accepts.' })
  t.notMatch(big.body, /demo-personalize-key|Basic /, 'the rejected headers are not echoed')

  const fits = await fetch(url, { method: 'POST', headers: { ...authHeaders(), 'x-padding': 'p'.repeat(2048) }, body })
  t.equal(fits.status, 200, 'headers under the limit are served, after a refused request')
})

t.test('errors found by the HTTP parser answer in the envelope with the status Node would give', async (t) => {
  const cases: Array<[string, number, string]> = [
    ['HPE_HEADER_OVERFLOW', 431, '431 Request Header Fields Too Large'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, '413 Payload Too Large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, '408 Request Timeout'],
    ['HPE_INVALID_METHOD', 400, '400 Bad Request']
  ]
  for (const [code, status, title] of cases) {
    let written = ''
    const socket = new Duplex({ read () {}, write (chunk: Buffer, _enc, done) { written += chunk.toString(); done() } })
    clientErrorHandler(Object.assign(new Error(code), { code }), socket)
    await new Promise((resolve) => setImmediate(resolve))
    t.match(written, new RegExp(`^HTTP/1\\.1 ${status} `), code)
    t.equal(JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4)).title, title, code)
  }
})

t.test('a parser error on a pipelined request never answers in place of the request before it', async (t) => {
  const app = await demoServer(t)
  app.mock.faults.add({ route: 'fetch', delay_ms: 300 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const head = (extra: string): string => `POST /v1/experiences/fetch HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(authHeaders()).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n${extra}content-length: 2\r\n\r\n{}`
  const socket = net.connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (c: Buffer) => { received += c.toString() })
  socket.on('error', () => {})
  socket.write(head('') + head(`x-padding: ${'p'.repeat(20_000)}\r\n`))
  await new Promise((resolve) => socket.on('close', resolve))
  t.notMatch(received, /^HTTP\/1\.1 431/, 'the first answer on the socket is not the second request\'s error')
})
