import t from 'tap'
import Fastify from 'fastify'
import { authHeaders, demoServer } from './helpers/server.js'
import { vendorErrors } from '../src/server/plugins/vendor-errors.js'
import { randomIds } from '../src/server/ids.js'

t.test('an unknown path is 404 in the vendor envelope, whatever the headers', async (t) => {
  const app = await demoServer(t)
  for (const url of ['/', '/v1', '/v1/experiences', '/v2/experiences/fetch', '/v1/experiences/fetch/extra']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 404, url)
    t.strictSame(res.json(), { title: '404 Not Found', description: 'The requested resource could not be found.' }, url)
  }
})

t.test('a known path with another method is 405 in the envelope, with an Allow header', async (t) => {
  const app = await demoServer(t)
  const cases = [
    ['GET', '/v1/experiences/fetch', 'POST'],
    ['PUT', '/v1/experiences/events', 'POST'],
    ['DELETE', '/v1/experiences/metadata', 'GET, HEAD'],
    ['POST', '/v1/experiences/metadata', 'GET, HEAD'],
    ['TRACE', '/v1/experiences/fetch', 'POST'],
    ['OPTIONS', '/v1/experiences/events', 'POST']
  ] as const
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method, url, headers: authHeaders() })
    t.equal(res.statusCode, 405, `${method} ${url}`)
    t.equal(res.headers.allow, allow)
    t.strictSame(res.json(), { title: '405 Method Not Allowed', description: 'This method is not allowed for the requested resource.' })
  }
})

t.test('error bodies are JSON with only title, description and code', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ method: 'GET', url: '/nowhere' })
  t.match(res.headers['content-type'], /^application\/json/)
  t.same(Object.keys(res.json()).sort(), ['description', 'title'])
})

t.test('a URL that cannot be decoded is 400 in the envelope, not the framework\'s own body', async (t) => {
  const app = await demoServer(t)
  for (const url of ['/v1/experiences/fetch%', '/nope%zz', '/%c0%af']) {
    const res = await app.inject({ method: 'POST', url, headers: authHeaders(), payload: '{}' })
    t.equal(res.statusCode, 400, url)
    t.strictSame(res.json(), { title: '400 Bad Request', description: 'The request could not be understood.' }, url)
  }
})

t.test('an exception inside a route leaves as the 500 envelope', async (t) => {
  const app = Fastify()
  await app.register(vendorErrors, { ids: randomIds })
  app.get('/boom', async () => { throw new TypeError('a bug with internal details') })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(res.statusCode, 500)
  t.strictSame(res.json(), { title: '500 Internal Server Error', description: 'The server ran into an unexpected error. Retry with exponential backoff.' })
})
