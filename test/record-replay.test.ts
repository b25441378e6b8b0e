// Record against a second mock started as the "upstream", then replay the recording: the proxy forwards and
// answers unchanged, the file holds no secret, replay gives the recorded answers (auth still checked), strict
// replay names the near miss, and every replayed or unmatched call is in the request journal.
import t, { type Test } from 'tap'
import { buildEvent } from '../src/client/events.js'
import type { FixtureFile, Recording } from '../src/generated/types.js'
import { buildRecordingProxy } from '../src/server/recording-proxy.js'
import { Recorder } from '../src/record/recording.js'
import { startMockServer } from '../src/server/start.js'
import { authHeaders, basic, DEMO } from './helpers/server.js'
import { call, recordingSession, VISITS, type Call } from './helpers/recording.js'
import { violations } from './helpers/schemas.js'
import { createServer, type AddressInfo } from 'node:net'

/** A fixture of the same workspace and key whose only experience answers differently from the demo. */
const OTHER_FIXTURES: FixtureFile = {
  workspaces: [{
    id: DEMO.id,
    personalize_api_key: DEMO.key,
    experiences: [{ key: 'homepage-banner', name: 'Something else entirely', status: 'Active', audiences: [{ id: '9Z', name: 'Everyone here', all_users: true, variations: [{ weight: 100, payload: { Title: { value: 'from the fixtures', data_type: 'string' } } }] }] }]
  }]
}

async function replaying (t: Test, recording: Recording, strict = false) {
  const mock = await startMockServer({ fixtures: OTHER_FIXTURES, rateLimit: false, replay: { recording, strict, source: 'session.json' } })
  t.teardown(() => mock.close())
  return mock
}

t.test('the proxy forwards each call unchanged and returns the upstream answer unchanged', async (t) => {
  const s = await recordingSession(t)
  for (const c of [...VISITS, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'x' }, experience_key: 'not-a-list' } }]) {
    const through = await call(s.proxy, c)
    const direct = await call(s.upstream.baseUrl, c)
    t.equal(through.status, direct.status, `${c.path} status`)
    t.equal(through.headers.get('content-type'), direct.headers.get('content-type'))
    // Validation errors carry a random 8-letter code: the rest of the answer is the upstream's to the letter.
    t.same({ ...through.json(), code: undefined }, { ...direct.json(), code: undefined }, `${c.path} body`)
  }
  const seen = (await s.upstream.admin.requests()).requests.filter((r) => r.path === '/v1/experiences/fetch')
  const first = seen[0]!
  t.equal(first.body, JSON.stringify(VISITS[0]!.body), 'the upstream received the body as the app sent it')
  t.equal(first.headers.authorization, '[redacted]', 'with its Authorization header (redacted only in the upstream\'s journal)')
  t.equal(first.headers['moe-appkey'], DEMO.id)
})

t.test('the recording holds normalised calls and answers, a metadata snapshot, and volatile fields marked', async (t) => {
  const s = await recordingSession(t)
  for (const c of VISITS) await call(s.proxy, c)
  const served = (await call(s.proxy, VISITS[0]!)).json().experiences['homepage-banner'].experience_context
  await call(s.proxy, { path: '/experiences/events', body: { elements: [buildEvent({ customerId: 'demo-user-1', action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', context: served })] } })
  // Not Personalize calls: forwarded, not recorded.
  await call(s.proxy, { path: '/../openapi.json' })
  const rec = (await s.recording())
  t.strictSame(violations('recording.schema.json', rec), [])
  t.equal(rec.interactions.length, VISITS.length + 2)
  t.equal(rec.upstream, s.upstream.baseUrl)
  const first = rec.interactions[0]!
  t.strictSame(Object.keys(first.request.body as object), ['experience_key', 'identifiers', 'utm_medium'], 'body keys sorted')
  t.match(first.request, { method: 'POST', path: '/v1/experiences/fetch', workspace: DEMO.id })
  t.same(first.response.body, (await call(s.upstream.baseUrl, VISITS[0]!)).json(), 'the answer as given')
  t.equal(rec.interactions[6]!.request.path, '/v1/experiences/metadata')
  t.same(rec.interactions[6]!.request.query, { status: 'Active' })
  const events = rec.interactions.at(-1)!
  t.strictSame(events.request.volatile, ['/elements/0/actions/0/moe_event_uuid', '/elements/0/actions/0/event_time'])
  t.same(rec.metadata?.[DEMO.id]?.body, (await call(s.upstream.baseUrl, { path: '/experiences/metadata' })).json(), 'metadata of every status')
  const metadataCalls = (await s.upstream.admin.requests()).requests.filter((r) => r.path.startsWith('/v1/experiences/metadata')).length
  t.equal(metadataCalls, 2 + 1 + 1, 'the snapshot was taken once (two app calls, one direct call in this test, one snapshot)')
})

t.test('credentials never reach the recording, and --redact masks the fields named', async (t) => {
  const s = await recordingSession(t, { redact: ['u_em', 'u_mb'] })
  await call(s.proxy, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1', user_identifiers: { u_em: 'jane@example.com', u_mb: '+15550100' } }, note: `my key is ${DEMO.key}` } })
  await call(s.proxy, { path: '/experiences/metadata', headers: { ...authHeaders(), authorization: basic(DEMO.id, 'a-wrong-secret-key') } })
  const text = JSON.stringify((await s.recording()))
  for (const secret of [DEMO.key, basic(DEMO.id, DEMO.key).slice(6), 'a-wrong-secret-key', 'jane@example.com', '+15550100']) {
    t.notOk(text.includes(secret), `the file does not hold ${secret}`)
  }
  t.notMatch(text.toLowerCase(), 'authorization')
  const body = (await s.recording()).interactions[0]!.request.body as { identifiers: { user_identifiers: object }, note: string }
  t.same(body.identifiers.user_identifiers, { u_em: '[redacted]', u_mb: '[redacted]' })
  t.equal(body.note, 'my key is [redacted]', 'a key repeated in a body is masked too')
  t.strictSame((await s.recording()).redacted_fields, ['u_em', 'u_mb'])
  t.equal((await s.recording()).interactions[1]!.response.status, 401, 'a refused call is recorded with its answer')
})

t.test('replay answers every recorded call exactly as recorded, and says so in the request journal', async (t) => {
  const s = await recordingSession(t)
  const recorded = []
  for (const c of VISITS) recorded.push(await call(s.proxy, c))
  const mock = await replaying(t, (await s.recording()))
  for (const [i, c] of VISITS.entries()) {
    const again = await call(mock.baseUrl, c)
    t.equal(again.status, recorded[i]!.status)
    t.equal(again.text, JSON.stringify(recorded[i]!.json()), `${c.path} answered as recorded`)
  }
  // The fixtures alone would answer otherwise: the answers above came from the recording.
  const fromFixtures = (await mock.client().fetchExperiences({ identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'], utm_medium: 'web' } as never)).experiences
  t.equal(fromFixtures['homepage-banner']?.payload.Title?.value, 'from the fixtures', 'an unrecorded call falls through to the fixtures')
  const journal = (await mock.admin.requests()).requests
  t.strictSame(journal.slice(0, VISITS.length).map((r) => r.replay), VISITS.map((_, i) => ({ outcome: 'matched', interaction: i })))
  t.match(journal.at(-1)!.replay, { outcome: 'unmatched', nearest: 4 }, 'the closest: the same customer without keys')
  t.match((await mock.admin.health()).replay, { recording: 'session.json', interactions: VISITS.length, strict: false })
})

t.test('replay still checks credentials, and injected faults still apply', async (t) => {
  const s = await recordingSession(t)
  for (const c of VISITS) await call(s.proxy, c)
  const mock = await replaying(t, (await s.recording()))
  const wrongKey = await call(mock.baseUrl, { ...VISITS[0]!, headers: { ...authHeaders(), authorization: basic(DEMO.id, 'not-the-key') } })
  t.equal(wrongKey.status, 401)
  t.equal(wrongKey.json().description, 'Invalid API_KEY used in Authentication Header')
  await mock.admin.addFault({ route: 'fetch', status: 503, times: 1 })
  t.equal((await call(mock.baseUrl, VISITS[0]!)).status, 503, 'the fault first')
  t.equal((await call(mock.baseUrl, VISITS[0]!)).status, 200, 'then the recorded answer')
})

t.test('an auth refusal in the recording is never replayed to a caller the mock let in', async (t) => {
  const s = await recordingSession(t)
  await call(s.proxy, { path: '/experiences/metadata', headers: { ...authHeaders(), authorization: basic(DEMO.id, 'a-wrong-secret-key') } })
  const mock = await replaying(t, (await s.recording()), true)
  const res = await call(mock.baseUrl, { path: '/experiences/metadata' })
  t.equal(res.status, 404, 'nothing recorded to answer it with')
  t.match(res.json().description, 'The recording holds no call to /v1/experiences/metadata')
})

t.test('strict replay refuses an unrecorded call in the vendor envelope, naming the closest recorded call', async (t) => {
  const s = await recordingSession(t)
  for (const c of VISITS) await call(s.proxy, c)
  const mock = await replaying(t, (await s.recording()), true)
  const near: Call = { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-9' }, experience_key: ['homepage-banner', 'email-landing-banner', 'loyalty-offer'], utm_medium: 'email' } }
  const res = await call(mock.baseUrl, near)
  t.equal(res.status, 404)
  t.strictSame(violations('error.schema.json', res.json()), [])
  t.equal(res.json().title, '404 Not Found')
  t.equal(res.json().description,
    'No recorded answer in session.json matches POST /v1/experiences/fetch (workspace DEMO_WORKSPACE). ' +
    'Closest recorded call: interactions/0, which differs at /identifiers/customer_id: recorded "demo-user-1", got "demo-user-9".')
  const other = await call(mock.baseUrl, { path: '/experiences/metadata?status=Paused' })
  t.equal(other.status, 404)
  t.match(other.json().description, /Closest recorded call: interactions\/5, which differs at query \?status: recorded nothing, got "Paused"\.$/)
  const journal = (await mock.admin.requests()).requests
  t.match(journal[0], { status: 404, replay: { outcome: 'unmatched', nearest: 0, differences: ['/identifiers/customer_id: recorded "demo-user-1", got "demo-user-9"'] } })
  t.equal((await call(mock.baseUrl, VISITS[1]!)).status, 200, 'a recorded call is still answered')
})

t.test('a call recorded several times is answered in recorded order, the last answer repeating; reset rewinds', async (t) => {
  const s = await recordingSession(t)
  await s.upstream.admin.addFault({ route: 'fetch', status: 500, times: 1 })
  t.equal((await call(s.proxy, VISITS[0]!)).status, 500)
  t.equal((await call(s.proxy, VISITS[0]!)).status, 200)
  const mock = await replaying(t, (await s.recording()), true)
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await call(mock.baseUrl, VISITS[0]!)).status)
  t.strictSame(statuses, [500, 200, 200])
  await mock.admin.reset()
  t.equal((await call(mock.baseUrl, VISITS[0]!)).status, 500, 'from the first answer again')
})

t.test('replayed events match whatever their uuid and time, get the recorded answer, and are journaled', async (t) => {
  const s = await recordingSession(t)
  const served = (await call(s.proxy, VISITS[0]!)).json().experiences['homepage-banner'].experience_context
  const event = (uuid: string, time: string) => ({ elements: [buildEvent({ customerId: 'demo-user-1', action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', context: served, uuid, time: new Date(time) })] })
  const recorded = await call(s.proxy, { path: '/experiences/events', body: event('7f2c1f8e-3a41-4c7e-9b1d-5e6f7a8b9c0d', '2026-11-29T10:00:00Z') })
  const mock = await replaying(t, (await s.recording()), true)
  await call(mock.baseUrl, VISITS[0]!)
  const again = await call(mock.baseUrl, { path: '/experiences/events', body: event('0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', '2026-11-30T18:30:00Z') })
  t.equal(again.status, 200)
  t.equal(again.text, recorded.text, 'the recorded acknowledgement, req_id included')
  const journal = (await mock.admin.events()).events
  t.equal(journal.length, 1)
  t.equal(journal[0]!.context_check, 'ok', 'checked against the replayed fetch')
})

t.test('replayed events change users as accepted events do, unless the recording shows the call refused', async (t) => {
  const s = await recordingSession(t)
  const served = (await call(s.proxy, VISITS[0]!)).json().experiences['homepage-banner'].experience_context
  const event = (customerId: string) => ({ elements: [{ ...buildEvent({ customerId, action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', context: served }), user_attributes: { plan: 'pro' } }] })
  t.equal((await call(s.proxy, { path: '/experiences/events', body: event('accepted-once') })).status, 200)
  await s.upstream.admin.addFault({ route: 'events', status: 500, times: 1 })
  t.equal((await call(s.proxy, { path: '/experiences/events', body: event('refused-once') })).status, 500)
  const mock = await replaying(t, (await s.recording()), true)
  t.equal((await call(mock.baseUrl, { path: '/experiences/events', body: event('accepted-once') })).status, 200)
  t.equal((await call(mock.baseUrl, { path: '/experiences/events', body: event('refused-once') })).status, 500, 'the recorded refusal')
  t.strictSame((await mock.admin.users()).users.map((u) => [u.customer_id, u.attributes]), [['accepted-once', { plan: 'pro' }]])
})

t.test('an upstream that does not answer gets 502 in the envelope, and nothing is recorded', async (t) => {
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
  await new Promise((resolve) => probe.close(resolve))
  const recorder = new Recorder({ upstream: `${closed}/v1` })
  const app = await buildRecordingProxy({ upstream: `${closed}/v1`, recorder })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const res = await call(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1`, VISITS[0]!)
  t.equal(res.status, 502)
  t.strictSame(violations('error.schema.json', res.json()), [])
  t.match(res.json(), { title: '502 Bad Gateway', description: `The recording proxy got no answer from ${closed}: ECONNREFUSED. Nothing was recorded.` })
  t.equal(recorder.recording.interactions.length, 0)
})

t.test('the upstream may be given with or without /v1; anything but an http(s) URL is refused', async (t) => {
  const { upstreamRoot } = await import('../src/record/upstream.js')
  t.equal(upstreamRoot('https://sdk-01.moengage.com/v1'), 'https://sdk-01.moengage.com')
  t.equal(upstreamRoot('https://sdk-01.moengage.com/v1/'), 'https://sdk-01.moengage.com')
  t.equal(upstreamRoot('http://127.0.0.1:4011'), 'http://127.0.0.1:4011')
  t.equal(upstreamRoot('http://proxy.local/personalize/v1'), 'http://proxy.local/personalize')
  for (const bad of ['ftp://x/v1', 'sdk-01.moengage.com', 'http://x/v1?debug=1']) t.throws(() => upstreamRoot(bad), TypeError, bad)
})

t.test('replay comes before the mock\'s own validation: a recorded 400 is replayed; strict mode refuses an unrecorded invalid call with the near miss', async (t) => {
  const s = await recordingSession(t)
  const invalid: Call = { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1' }, DAY_OF_THE_WEEK: 'Funday' } }
  const recorded = await call(s.proxy, invalid)
  t.equal(recorded.status, 400)
  for (const c of VISITS) await call(s.proxy, c)
  const strict = await replaying(t, await s.recording(), true)
  const again = await call(strict.baseUrl, invalid)
  t.equal(again.text, recorded.text, 'the recorded 400, its code included')
  const other = await call(strict.baseUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1' }, DAY_OF_THE_WEEK: 'Someday' } })
  t.equal(other.status, 404, 'not the mock\'s validation error: nothing recorded answers it')
  t.match(other.json().description, 'Closest recorded call: interactions/0, which differs at /DAY_OF_THE_WEEK: recorded "Funday", got "Someday".')
  t.match((await strict.admin.requests()).requests.at(-1), { status: 404, replay: { outcome: 'unmatched', nearest: 0 } })
  const lenient = await replaying(t, await s.recording(), false)
  const checked = await call(lenient.baseUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1' }, DAY_OF_THE_WEEK: 'Someday' } })
  t.equal(checked.status, 400, 'without strict, an unrecorded call is validated as usual')
  t.match(checked.json(), { title: 'Invalid Field Value', description: /^DAY_OF_THE_WEEK - Enum doesnt allow value: Someday/ })
  t.match((await lenient.admin.requests()).requests.at(-1), { status: 400, replay: { outcome: 'unmatched' } })
})

t.test('HEAD of a recorded GET is answered from it', async (t) => {
  const s = await recordingSession(t)
  const recorded = await call(s.proxy, { path: '/experiences/metadata' })
  const mock = await replaying(t, await s.recording(), true)
  const res = await fetch(`${mock.baseUrl}/experiences/metadata`, { method: 'HEAD', headers: authHeaders() })
  t.equal(res.status, 200)
  t.equal(res.headers.get('content-length'), String(Buffer.byteLength(recorded.text)))
  t.match((await mock.admin.requests()).requests.at(-1), { method: 'HEAD', replay: { outcome: 'matched', interaction: 0 } })
})

t.test('a recording edited by hand never makes replay fail: bad headers are left out, malformed served entries skipped', async (t) => {
  const s = await recordingSession(t)
  await call(s.proxy, VISITS[0]!)
  const rec = await s.recording()
  const edited = rec.interactions[0]!
  edited.response.headers = { 'content-type': 'application/json\r\nx-injected: 1', 'retry-after': '5', 'transfer-encoding': 'chunked', 'bad name': 'v' }
  ;(edited.response.body as { experiences: Record<string, unknown> }).experiences['broken-entry'] = null
  const mock = await replaying(t, rec)
  const res = await call(mock.baseUrl, VISITS[0]!)
  t.equal(res.status, 200)
  t.equal(res.headers.get('retry-after'), '5', 'a valid recorded header is sent')
  t.equal(res.headers.get('x-injected'), null, 'a value with a line break is not')
  t.equal(res.headers.get('content-type'), 'application/json; charset=utf-8', 'the invalid content type is replaced by JSON\'s')
  t.equal(res.headers.get('transfer-encoding'), null, 'only content-type and retry-after come from a file')
  t.same(res.json().experiences['broken-entry'], null, 'the body as recorded')
  const served = res.json().experiences['homepage-banner'].experience_context
  await call(mock.baseUrl, { path: '/experiences/events', body: { elements: [buildEvent({ customerId: 'demo-user-1', action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', context: served })] } })
  t.equal((await mock.admin.events()).events[0]?.context_check, 'ok', 'the well-formed entries still count for the context check')
})

t.test('a call refused by a fault or the rate limit uses up no recorded answer', async (t) => {
  const s = await recordingSession(t)
  // The same call recorded three times with three different answers (the upstream's faults give the first two).
  await s.upstream.admin.addFault({ route: 'fetch', status: 500, body: { n: 1 }, times: 1 })
  await call(s.proxy, VISITS[0]!)
  await s.upstream.admin.addFault({ route: 'fetch', status: 502, body: { n: 2 }, times: 1 })
  await call(s.proxy, VISITS[0]!)
  t.equal((await call(s.proxy, VISITS[0]!)).status, 200)
  const mock = await startMockServer({ fixtures: OTHER_FIXTURES, rateLimit: 2, replay: { recording: await s.recording(), strict: true } })
  t.teardown(() => mock.close())
  await mock.admin.addFault({ route: 'fetch', status: 503, times: 1 })
  const answers = []
  for (let i = 0; i < 4; i++) answers.push(await call(mock.baseUrl, VISITS[0]!))
  t.strictSame(answers.map((a) => a.status), [503, 500, 502, 429], 'the 503 used up nothing: the first recorded answer came next')
  t.strictSame(answers.slice(1, 3).map((a) => a.json().n), [1, 2])
  t.strictSame((await mock.admin.requests()).requests.map((r) => r.replay?.interaction ?? null), [null, 0, 1, null], 'the journal names the answer used, and none for the refused calls')
  await mock.admin.reset()
  t.equal((await call(mock.baseUrl, VISITS[0]!)).json().n, 1)
  t.equal((await call(mock.baseUrl, VISITS[0]!)).json().n, 2)
  t.equal((await call(mock.baseUrl, VISITS[0]!)).status, 429, 'two a minute')
})

t.test('under --replay-strict a call the recording does not hold is refused before faults and the rate limit', async (t) => {
  const s = await recordingSession(t)
  await call(s.proxy, VISITS[0]!)
  const mock = await startMockServer({ fixtures: OTHER_FIXTURES, rateLimit: 1, replay: { recording: await s.recording(), strict: true } })
  t.teardown(() => mock.close())
  await mock.admin.addFault({ route: 'fetch', status: 503, times: 1 })
  const invalid = await call(mock.baseUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1' }, DAY_OF_THE_WEEK: 'Someday' } })
  const unrecorded = await call(mock.baseUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'nobody-recorded' } } })
  t.strictSame([invalid.status, unrecorded.status], [404, 404])
  t.equal((await call(mock.baseUrl, VISITS[0]!)).status, 503, 'the fault is still armed for the next call that gets that far')
  t.equal((await call(mock.baseUrl, VISITS[0]!)).status, 200, 'and the one rate-limit slot is still free')
})
