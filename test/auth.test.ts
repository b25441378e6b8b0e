import t from 'tap'
import { ROUTES, DEMO, authHeaders, basic, demoServer, serverFor } from './helpers/server.js'
import { fixtureFile, workspace } from './helpers/fixtures.js'

const CLIENT_NOT_FOUND = {
  title: 'Request Error',
  description: 'MoEngage Client not found. Please check values for headers - MOE-APPKEY or MOE-DBNAME'
}
const AUTH_REQUIRED = { title: 'Authentication required', description: 'Invalid API_KEY used in Authentication Header' }

const bodies = { fetch: '{}', metadata: undefined, events: '{"elements":[]}' } as const

for (const [name, route] of Object.entries(ROUTES) as Array<[keyof typeof ROUTES, typeof ROUTES[keyof typeof ROUTES]]>) {
  t.test(`${name}: missing MOE-APPKEY is 400 Request Error`, async (t) => {
    const app = await demoServer(t)
    const { 'moe-appkey': _, ...headers } = authHeaders()
    const res = await app.inject({ ...route, headers, payload: bodies[name] })
    t.equal(res.statusCode, 400)
    t.strictSame(res.json(), CLIENT_NOT_FOUND)
  })

  t.test(`${name}: unknown MOE-APPKEY is 400 Request Error`, async (t) => {
    const app = await demoServer(t)
    const res = await app.inject({ ...route, headers: { ...authHeaders(), 'moe-appkey': 'NO_SUCH_WORKSPACE' }, payload: bodies[name] })
    t.equal(res.statusCode, 400)
    t.strictSame(res.json(), CLIENT_NOT_FOUND)
  })

  t.test(`${name}: wrong Personalize API key is 401 Authentication required`, async (t) => {
    const app = await demoServer(t)
    const res = await app.inject({ ...route, headers: { ...authHeaders(), authorization: basic(DEMO.id, 'not-the-key') }, payload: bodies[name] })
    t.equal(res.statusCode, 401)
    t.strictSame(res.json(), AUTH_REQUIRED)
  })

  t.test(`${name}: missing Authorization header is 401 Authentication required`, async (t) => {
    const app = await demoServer(t)
    const { authorization: _, ...headers } = authHeaders()
    const res = await app.inject({ ...route, headers, payload: bodies[name] })
    t.equal(res.statusCode, 401)
    t.strictSame(res.json(), AUTH_REQUIRED)
  })
}

t.test('MOE-APPKEY is checked before credentials: no appkey and no auth is 400, not 401', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ ...ROUTES.fetch, payload: '{}' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), CLIENT_NOT_FOUND)
})

t.test('credentials are checked before the body: wrong key with malformed JSON is 401', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(), authorization: basic(DEMO.id, 'nope') }, payload: '{oops' })
  t.equal(res.statusCode, 401)
  t.strictSame(res.json(), AUTH_REQUIRED)
})

t.test('Authorization that is not Basic, or not base64 of user:key, is 401', async (t) => {
  const app = await demoServer(t)
  for (const authorization of ['Bearer abc', 'Basic', 'Basic !!!notbase64', 'Basic ' + Buffer.from('no-colon').toString('base64')]) {
    const res = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(), authorization }, payload: '{}' })
    t.equal(res.statusCode, 401, authorization)
    t.strictSame(res.json(), AUTH_REQUIRED, authorization)
  }
})

t.test('the Basic user name must be the workspace named by MOE-APPKEY', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(), authorization: basic('SOMEONE_ELSE', DEMO.key) }, payload: '{}' })
  t.equal(res.statusCode, 401)
  t.strictSame(res.json(), AUTH_REQUIRED)
})

t.test("a key valid for another workspace is 401, even with that workspace's id as user", async (t) => {
  const one = { id: 'WS_ONE', key: 'key-one' }
  const two = { id: 'WS_TWO', key: 'key-two' }
  const app = await serverFor(t, fixtureFile(
    workspace({ id: one.id, personalize_api_key: one.key }),
    workspace({ id: two.id, personalize_api_key: two.key })
  ))
  const crossed = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(one), authorization: basic(two.id, two.key) }, payload: '{}' })
  t.equal(crossed.statusCode, 401)
  t.strictSame(crossed.json(), AUTH_REQUIRED)
  const otherKey = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(one), authorization: basic(one.id, two.key) }, payload: '{}' })
  t.equal(otherKey.statusCode, 401)
  const own = await app.inject({ ...ROUTES.fetch, headers: authHeaders(two), payload: '{}' })
  t.equal(own.statusCode, 200)
})

t.test('MOE-APPKEY is case-sensitive', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ ...ROUTES.fetch, headers: { ...authHeaders(), 'moe-appkey': DEMO.id.toLowerCase() }, payload: '{}' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), CLIENT_NOT_FOUND)
})

t.test('correct appkey and credentials reach the endpoint', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ ...ROUTES.metadata, headers: authHeaders() })
  t.equal(res.statusCode, 200)
})

t.test('credentials written another way than the usual header are still parsed (scheme case, spacing)', async (t) => {
  const app = await demoServer(t)
  const token = Buffer.from(`${DEMO.id}:${DEMO.key}`).toString('base64')
  for (const authorization of [`basic ${token}`, `BASIC ${token}`]) {
    const res = await app.inject({ ...ROUTES.metadata, headers: { ...authHeaders(), authorization } })
    t.equal(res.statusCode, 200, authorization.slice(0, 6))
  }
  const padded = await app.inject({ ...ROUTES.metadata, headers: { ...authHeaders(), authorization: `Basic  ${token}` } })
  t.equal(padded.statusCode, 401, 'strict RFC 7617 form: one space')
})
