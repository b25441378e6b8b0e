// The typed client: configuration, headers, error mapping, retries with backoff, events helper.
import t from 'tap'
import { createPersonalizeClient, PersonalizeApiError, PersonalizeNetworkError, buildEvent, SHOWN, readPayload, readPayloadValue, type ClientOptions } from '../src/client/index.js'
import { listen } from '../src/server/listen.js'
import { DEMO, demoServer } from './helpers/server.js'
import { violations } from './helpers/schemas.js'

interface Seen { url: string, method: string, headers: Headers, body: string | undefined }

/** A fetch that answers from a script and records what it was sent. */
function scripted (answers: Array<Response | Error | 'hang'>) {
  const seen: Seen[] = []
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    seen.push({ url: String(url), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: init?.body as string | undefined })
    const next = answers.shift() ?? new Response('{}')
    if (next === 'hang') {
      // A socket would keep the process alive while waiting; this timer stands in for it.
      const alive = setTimeout(() => {}, 60_000)
      return await new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => {
        clearTimeout(alive)
        reject(init.signal?.reason)
      }))
    }
    if (next instanceof Error) throw next
    return next
  }
  return { fetch: fetch as typeof globalThis.fetch, seen }
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

function client (over: Partial<ClientOptions> & Pick<ClientOptions, 'fetch'>) {
  const sleeps: number[] = []
  const c = createPersonalizeClient({
    baseUrl: 'http://personalize.test/v1',
    workspaceId: 'WS',
    apiKey: 'secret-key',
    sleep: async (ms) => { sleeps.push(ms) },
    random: () => 0.5,
    ...over
  })
  return { c, sleeps }
}

t.test('dataCenter resolves to the vendor host; baseUrl and dataCenter are exclusive', async (t) => {
  const base = { workspaceId: 'WS', apiKey: 'k' }
  t.equal(createPersonalizeClient({ ...base, dataCenter: '01' }).config.baseUrl, 'https://sdk-01.moengage.com/v1')
  t.equal(createPersonalizeClient({ ...base, dataCenter: '101' }).config.baseUrl, 'https://sdk-101.moengage.com/v1')
  t.equal(createPersonalizeClient({ ...base, baseUrl: 'http://127.0.0.1:4010/v1/' }).config.baseUrl, 'http://127.0.0.1:4010/v1')
  t.throws(() => createPersonalizeClient({ ...base, dataCenter: '07' }), /dataCenter must be one of 01, 02, 03, 04, 05, 06, 101/)
  t.throws(() => createPersonalizeClient({ ...base }), /exactly one of baseUrl and dataCenter/)
  t.throws(() => createPersonalizeClient({ ...base, baseUrl: 'http://x', dataCenter: '01' }), /exactly one/)
  t.notOk('apiKey' in createPersonalizeClient({ ...base, dataCenter: '01' }).config, 'the key is not exposed')
})

t.test('every call sends MOE-APPKEY, Basic auth and JSON headers', async (t) => {
  const { fetch, seen } = scripted([json(200, { experiences: {} }), json(200, { metadata: { count: 0, experiences: [] } })])
  const { c } = client({ fetch })
  await c.fetchExperiences({ experience_key: ['a-key'] })
  await c.getMetadata(['Active', 'Paused'])
  t.equal(seen[0]?.url, 'http://personalize.test/v1/experiences/fetch')
  t.equal(seen[0]?.method, 'POST')
  t.equal(seen[0]?.headers.get('moe-appkey'), 'WS')
  t.equal(seen[0]?.headers.get('authorization'), 'Basic ' + Buffer.from('WS:secret-key').toString('base64'))
  t.equal(seen[0]?.headers.get('content-type'), 'application/json')
  t.equal(seen[0]?.body, '{"experience_key":["a-key"]}')
  t.equal(seen[1]?.url, 'http://personalize.test/v1/experiences/metadata?status=Active,Paused')
  t.equal(seen[1]?.headers.get('content-type'), null, 'no body, no Content-Type')
})

t.test('a non-2xx answer becomes a PersonalizeApiError with the envelope fields', async (t) => {
  const { fetch } = scripted([json(400, { title: 'Invalid Field Value', description: 'DAY_OF_THE_WEEK - x', code: 'GvHogFKc' })])
  const { c, sleeps } = client({ fetch })
  const err = await c.fetchExperiences({}).catch((e: unknown) => e)
  t.ok(err instanceof PersonalizeApiError)
  t.match(err, { status: 400, title: 'Invalid Field Value', description: 'DAY_OF_THE_WEEK - x', code: 'GvHogFKc' })
  t.strictSame(sleeps, [], 'a 400 is not retried')
})

t.test('a non-envelope error body still gives status, a title and the text', async (t) => {
  const { fetch } = scripted([new Response('<html>bad gateway</html>', { status: 502 })])
  const { c } = client({ fetch, retries: 0 })
  const err = await c.getMetadata().catch((e: unknown) => e)
  t.match(err, { status: 502, title: 'HTTP 502', description: '<html>bad gateway</html>', code: undefined })
})

t.test('5xx is retried with exponential backoff and full jitter', async (t) => {
  const { fetch, seen } = scripted([json(503, { title: 't', description: 'd' }), json(500, { title: 't', description: 'd' }), json(200, { experiences: {} })])
  const { c, sleeps } = client({ fetch, retries: 3, baseDelayMs: 100 })
  t.strictSame(await c.fetchExperiences({}), { experiences: {} })
  t.equal(seen.length, 3)
  t.strictSame(sleeps, [50, 100], 'random 0.5 x 100 x 2^attempt')
})

t.test('the last answer is returned (as an error) when retries run out', async (t) => {
  const { fetch, seen } = scripted([json(500, { title: 'a', description: 'b' }), json(503, { title: 'Service Unavailable', description: 'later' })])
  const { c } = client({ fetch, retries: 1 })
  const err = await c.fetchExperiences({}).catch((e: unknown) => e)
  t.match(err, { status: 503, title: 'Service Unavailable' })
  t.equal(seen.length, 2)
})

t.test('429 and 503 wait for Retry-After, in seconds or as an HTTP date', async (t) => {
  const now = Date.parse('2026-12-01T10:00:00Z')
  const later = new Date(now + 4000).toUTCString()
  const slow = { title: 'Too Many Requests', description: 'slow down' }
  const { fetch } = scripted([
    json(429, slow, { 'retry-after': '3' }),
    json(503, slow, { 'retry-after': later }),
    json(429, slow, { 'retry-after': '0x10' }),
    json(429, slow),
    json(200, { experiences: {} })
  ])
  const { c, sleeps } = client({ fetch, retries: 4, baseDelayMs: 100, maxDelayMs: 10_000, now: () => now })
  await c.fetchExperiences({})
  t.equal(sleeps[0], 3000)
  t.equal(sleeps[1], 4000, 'an HTTP date: the time from now until then')
  t.equal(sleeps[2], 200, 'an unreadable Retry-After ("0x10") falls back to the backoff (0.5 x 100 x 2^2)')
  t.equal(sleeps[3], 400, 'no Retry-After: backoff (0.5 x 100 x 2^3)')
})

t.test('a Retry-After longer than maxDelayMs is not waited for: the 429 is returned at once', async (t) => {
  const { fetch, seen } = scripted([json(429, { title: 'Too Many Requests', description: 'try in an hour' }, { 'retry-after': '3600' })])
  const { c, sleeps } = client({ fetch, retries: 3, maxDelayMs: 10_000 })
  t.match(await c.fetchExperiences({}).catch((e: unknown) => e), { status: 429, title: 'Too Many Requests' })
  t.equal(seen.length, 1)
  t.strictSame(sleeps, [])
})

t.test('a body that fails while being read is retried like any network error', async (t) => {
  const broken = new Response(new ReadableStream({ start (controller) { controller.error(new TypeError('terminated')) } }), { status: 200 })
  const { fetch, seen } = scripted([broken, json(200, { experiences: {} })])
  const { c } = client({ fetch })
  t.strictSame(await c.fetchExperiences({}), { experiences: {} })
  t.equal(seen.length, 2)
})

t.test('invalid options are refused at once', async (t) => {
  const base = { baseUrl: 'http://x.test/v1', workspaceId: 'W', apiKey: 'k' }
  t.throws(() => createPersonalizeClient({ ...base, retries: Number.NaN }), /retries must be an integer >= 0, got NaN/)
  t.throws(() => createPersonalizeClient({ ...base, timeoutMs: 0 }), /timeoutMs must be an integer >= 1/)
  t.throws(() => createPersonalizeClient({ ...base, baseDelayMs: -1 }), /baseDelayMs/)
  t.throws(() => createPersonalizeClient({ ...base, baseUrl: 'https://user:pass@sdk-01.moengage.com/v1' }), /must not carry credentials/)
  t.throws(() => createPersonalizeClient({ ...base, baseUrl: 'http://x.test/v1?debug=1' }), /query or fragment/)
  t.throws(() => createPersonalizeClient({ ...base, baseUrl: 'ftp://x.test/v1' }), /http or https/)
  t.throws(() => createPersonalizeClient({ ...base, baseUrl: 'not a url' }), /not a URL/)
})

t.test('an empty status filter is left out (the API reads "status=" as an unknown status)', async (t) => {
  const { fetch, seen } = scripted([])
  const { c } = client({ fetch })
  await c.getMetadata([])
  await c.getMetadata('')
  await c.getMetadata('Active, Paused')
  t.equal(seen[0]?.url, 'http://personalize.test/v1/experiences/metadata')
  t.equal(seen[1]?.url, 'http://personalize.test/v1/experiences/metadata')
  t.equal(seen[2]?.url, 'http://personalize.test/v1/experiences/metadata?status=Active,%20Paused')
})

t.test('an error body that echoes the credentials has them masked', async (t) => {
  const echo = `you sent Basic ${Buffer.from('WS:secret-key').toString('base64')} and secret-key`
  const { fetch } = scripted([json(401, { title: 'Authentication required', description: echo })])
  const { c } = client({ fetch })
  const err = await c.fetchExperiences({}).catch((e: unknown) => e) as PersonalizeApiError
  t.notMatch(err.body + err.message + err.description, 'secret-key')
  t.notMatch(err.body, Buffer.from('WS:secret-key').toString('base64'))
})

t.test('network errors and timeouts are retried, then reported as PersonalizeNetworkError', async (t) => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
  const { fetch, seen } = scripted([refused, 'hang', refused])
  const { c, sleeps } = client({ fetch, retries: 2, timeoutMs: 20 })
  const err = await c.fetchExperiences({}).catch((e: unknown) => e)
  t.ok(err instanceof PersonalizeNetworkError)
  t.match((err as Error).message, /no answer after 3 attempt\(s\): TypeError: fetch failed \(ECONNREFUSED\)/)
  t.equal(seen.length, 3)
  t.equal(sleeps.length, 2)
})

t.test('a retried events call resends the same moe_event_uuids', async (t) => {
  const { fetch, seen } = scripted([json(500, { title: 'x', description: 'y' }), json(200, { status: 'success', message: 'm', req_id: 'ABCDEFGH' })])
  const { c } = client({ fetch })
  const context = { cid: 'c', experience: 'e', moe_locale_id: '0', moe_variation_id: '1', audience_name: 'a', audience_id: '1', type: 'Web Personalization' as const }
  await c.trackEvents({ elements: [buildEvent({ customerId: 'u1', context, action: SHOWN })] })
  t.equal(seen.length, 2)
  t.equal(seen[0]?.body, seen[1]?.body)
  t.match(seen[0]?.body, /"moe_event_uuid":"[0-9a-f-]{36}"/)
})

t.test('a 2xx body that is not JSON is an error, not a silent undefined', async (t) => {
  const { fetch } = scripted([new Response('OK', { status: 200 })])
  const { c } = client({ fetch })
  t.match(await c.fetchExperiences({}).catch((e: unknown) => e), { status: 200, title: 'Invalid response' })
})

t.test('buildEvent copies the context, draws a UUID v4 and stamps epoch seconds', async (t) => {
  const context = { cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_2_P_0_AU_5A', experience: 'E', moe_locale_id: '0', moe_variation_id: '2', audience_name: 'All Users', audience_id: '5A', type: 'Web Personalization' as const }
  const a = buildEvent({ customerId: 'u1', context, action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', bId: 'Add to Cart', time: new Date('2026-11-29T10:00:00.900Z'), userTimezoneOffset: 19800 })
  const b = buildEvent({ customerId: 'u1', context, action: SHOWN })
  t.strictSame(violations('events-request.schema.json', { elements: [a, b] }), [])
  t.match(a, { customer_id: 'u1', user_timezone_offset: 19800, actions: [{ action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', event_time: 1795946400, platform: 'web', b_id: 'Add to Cart', attributes: context }] })
  t.match(a.actions[0]?.moe_event_uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.not(a.actions[0]?.moe_event_uuid, b.actions[0]?.moe_event_uuid)
  t.not(a.actions[0]?.attributes, context, 'a copy, not the fetched object')
})

t.test('against the mock over a socket: fetch, track the impression, and get typed errors', async (t) => {
  const app = await demoServer(t)
  const baseUrl = await listen(app, { host: '127.0.0.1', port: 0 })
  const c = createPersonalizeClient({ baseUrl, workspaceId: DEMO.id, apiKey: DEMO.key, retries: 0 })
  const fetched = await c.fetchExperiences({ identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })
  const served = fetched.experiences['homepage-banner']
  t.ok(served)
  const ack = await c.trackEvents({ elements: [buildEvent({ customerId: 'demo-user-1', context: served!.experience_context, action: SHOWN })] })
  t.equal(ack.status, 'success')
  t.equal(app.mock.events.list({ workspace: DEMO.id }).length, 1)
  const bad = await c.fetchExperiences({ DAY_OF_THE_WEEK: 'funday' as never }).catch((e: unknown) => e)
  t.match(bad, { status: 400, title: 'Invalid Field Value', code: /^[A-Za-z]{8}$/ })
  const wrong = createPersonalizeClient({ baseUrl, workspaceId: DEMO.id, apiKey: 'nope', retries: 0 })
  t.match(await wrong.getMetadata().catch((e: unknown) => e), { status: 401, title: 'Authentication required', description: 'Invalid API_KEY used in Authentication Header' })
})

t.test('a closed port is a network error after the retries', async (t) => {
  const app = await demoServer(t)
  const baseUrl = await listen(app, { host: '127.0.0.1', port: 0 })
  await app.close()
  const c = createPersonalizeClient({ baseUrl, workspaceId: DEMO.id, apiKey: DEMO.key, retries: 1, baseDelayMs: 1 })
  t.ok(await c.getMetadata().catch((e: unknown) => e) instanceof PersonalizeNetworkError)
})

t.test('readPayload reads each served variable by its data_type', async (t) => {
  const app = await demoServer(t)
  const baseUrl = await listen(app, { port: 0, host: '127.0.0.1' })
  const client = createPersonalizeClient({ baseUrl, workspaceId: DEMO.id, apiKey: DEMO.key })
  const { experiences } = await client.fetchExperiences({ experience_key: ['checkout-reassurance'] })
  t.strictSame(readPayload(experiences['checkout-reassurance']!.payload), {
    Message: '30-day returns, no questions asked', MaxItemsShown: 3, DiscountRate: 0.15, Badges: { secure: true, icons: ['visa', 'mastercard'] }
  })
})

t.test('readPayloadValue also reads native values and json sent as text, and refuses what does not read as its type', async (t) => {
  t.equal(readPayloadValue({ value: true, data_type: 'boolean' }), true)
  t.equal(readPayloadValue({ value: 'false', data_type: 'boolean' }), false)
  t.equal(readPayloadValue({ value: 2.5, data_type: 'float' }), 2.5)
  t.strictSame(readPayloadValue({ value: '{"a":1}', data_type: 'json' }), { a: 1 })
  t.equal(readPayloadValue({ value: '3', data_type: 'string' }), '3', 'a string stays a string')
  t.throws(() => readPayloadValue({ value: 'yes', data_type: 'boolean' }), { name: 'TypeError', message: '"yes" cannot be read as data_type boolean' })
  t.throws(() => readPayloadValue({ value: '', data_type: 'number' }), TypeError, 'an empty text is no number')
  for (const text of ['0x10', ' 3 ', 'Infinity', '1e400', '+1', '.5']) t.throws(() => readPayloadValue({ value: text, data_type: 'number' }), TypeError, `${JSON.stringify(text)} is not a JSON number`)
  t.equal(readPayloadValue({ value: '-1.5e3', data_type: 'float' }), -1500)
  t.throws(() => readPayloadValue({ value: 'null', data_type: 'json' }), TypeError)
  t.throws(() => readPayload({ Rate: { value: 'NaN', data_type: 'float' } }), { message: 'payload variable "Rate": "NaN" cannot be read as data_type float' })
})
