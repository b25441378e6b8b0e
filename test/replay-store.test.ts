// The pure parts of record and replay: normalising a request, matching it against a recording, the near miss.
import t from 'tap'
import type { RecordedInteraction, Recording } from '../src/generated/types.js'
import { differences, describeDifference } from '../src/record/near-miss.js'
import { normaliseRequest, redact, sortKeys, splitUrl, volatilePointers } from '../src/record/normalize.js'
import { Recorder } from '../src/record/recording.js'
import { ReplayStore } from '../src/record/replay-store.js'

const NONE = new Set<string>()
const fetchCall = (body: unknown, workspace = 'WS') => ({ method: 'POST', url: '/v1/experiences/fetch', workspace, body })
const ok = (body: unknown, status = 200) => ({ status, body }) as RecordedInteraction['response']

function recording (pairs: Array<[ReturnType<typeof fetchCall> | { method: string, url: string, workspace: string, body?: unknown }, RecordedInteraction['response']]>, redacted: string[] = []): Recording {
  return {
    format: 'personalize-mock-recording/1',
    upstream: 'http://127.0.0.1:1/v1',
    recorded_at: '2026-11-29T10:00:00.000Z',
    redacted_fields: redacted,
    interactions: pairs.map(([req, response]) => ({ request: normaliseRequest(req, new Set(redacted)), response }))
  }
}

t.test('a request is normalised: keys sorted at every level, query split, volatile event fields listed', async (t) => {
  const n = normaliseRequest({ method: 'post', url: '/v1/experiences/events?b=2&a=1&a=3', workspace: 'WS', body: { z: 1, elements: [{ customer_id: 'c', actions: [{ moe_event_uuid: 'u', event_time: 1, action: 'X' }] }] } }, NONE)
  t.equal(n.method, 'POST')
  t.equal(n.path, '/v1/experiences/events')
  t.strictSame(n.query, { b: '2', a: ['1', '3'] })
  t.strictSame(JSON.stringify(n.body), '{"elements":[{"actions":[{"action":"X","event_time":1,"moe_event_uuid":"u"}],"customer_id":"c"}],"z":1}')
  t.strictSame(n.volatile, ['/elements/0/actions/0/moe_event_uuid', '/elements/0/actions/0/event_time'])
  t.strictSame(volatilePointers('/v1/experiences/fetch', { elements: [{ actions: [{ event_time: 1 }] }] }), [], 'only events have volatile fields')
  t.strictSame(normaliseRequest({ method: 'POST', url: '/v1/x', workspace: undefined, bodyText: 'not json' }, NONE), { method: 'POST', path: '/v1/x', workspace: null, body_text: 'not json' })
})

t.test('redaction masks the named fields at any depth, in bodies and queries; other values stay', async (t) => {
  const fields = new Set(['u_em', 'phone'])
  t.strictSame(redact({ a: { u_em: 'x@y', keep: 'k' }, list: [{ phone: '1' }], u_em: { nested: 'gone' } }, fields), { a: { u_em: '[redacted]', keep: 'k' }, list: [{ phone: '[redacted]' }], u_em: '[redacted]' })
  t.strictSame(normaliseRequest({ method: 'GET', url: '/v1/experiences/metadata?u_em=x@y&status=Active', workspace: 'WS' }, fields).query, { u_em: '[redacted]', status: 'Active' })
})

t.test('keys named __proto__ stay data through sorting, redaction and query splitting', async (t) => {
  const hostile = JSON.parse('{"__proto__":{"polluted":true},"b":1}') as object
  const sorted = sortKeys(hostile) as Record<string, unknown>
  t.ok(Object.hasOwn(sorted, '__proto__'))
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.ok(Object.hasOwn(redact(hostile, new Set(['b'])) as object, '__proto__'))
  t.ok(Object.hasOwn(splitUrl('/v1/x?__proto__=1').query, '__proto__'))
})

t.test('replay matches on method, path, query, workspace and body; key order and volatile values do not matter', async (t) => {
  const store = new ReplayStore(recording([
    [fetchCall({ identifiers: { customer_id: 'u1' }, experience_key: ['a-key'] }), ok({ n: 1 })],
    [{ method: 'POST', url: '/v1/experiences/events', workspace: 'WS', body: { elements: [{ customer_id: 'u1', actions: [{ action: 'S', moe_event_uuid: 'one', event_time: 10 }] }] } }, ok({ n: 2 })],
    [{ method: 'GET', url: '/v1/experiences/metadata?status=Active', workspace: 'WS' }, ok({ n: 3 })]
  ]), 'r.json')
  const answer = (req: Parameters<ReplayStore['answer']>[0]) => { const o = store.answer(req); return o.matched ? o.interaction.response.body : undefined }
  t.same(answer(fetchCall({ experience_key: ['a-key'], identifiers: { customer_id: 'u1' } })), { n: 1 }, 'keys in another order')
  t.equal(answer(fetchCall({ identifiers: { customer_id: 'u1' }, experience_key: ['a-key'] }, 'OTHER')), undefined, 'another workspace')
  t.equal(answer(fetchCall({ identifiers: { customer_id: 'u1' }, experience_key: ['a-key', 'b-key'] })), undefined, 'another body')
  t.same(answer({ method: 'POST', url: '/v1/experiences/events', workspace: 'WS', body: { elements: [{ customer_id: 'u1', actions: [{ action: 'S', moe_event_uuid: 'two', event_time: 99 }] }] } }), { n: 2 }, 'a new uuid and time')
  t.equal(answer({ method: 'POST', url: '/v1/experiences/events', workspace: 'WS', body: { elements: [{ customer_id: 'u2', actions: [{ action: 'S', moe_event_uuid: 'two', event_time: 99 }] }] } }), undefined, 'another customer')
  t.same(answer({ method: 'GET', url: '/v1/experiences/metadata?status=Active', workspace: 'WS' }), { n: 3 })
  t.equal(answer({ method: 'GET', url: '/v1/experiences/metadata', workspace: 'WS' }), undefined, 'without the query')
})

t.test('a redacted field matches any value', async (t) => {
  const store = new ReplayStore(recording([[fetchCall({ identifiers: { user_identifiers: { u_em: 'jane@example.com' } } }), ok({ n: 1 })]], ['u_em']), 'r.json')
  t.ok(store.answer(fetchCall({ identifiers: { user_identifiers: { u_em: 'someone-else@example.com' } } })).matched)
})

t.test('the same call recorded several times: answers in order, then the last repeats; rewind starts over', async (t) => {
  const call = fetchCall({ identifiers: { customer_id: 'u1' } })
  const store = new ReplayStore(recording([[call, ok({ n: 1 }, 500)], [fetchCall({ other: true }), ok({ n: 9 })], [call, ok({ n: 2 })], [call, ok({ n: 3 })]]), 'r.json')
  const statusOf = () => { const o = store.answer(call); return o.matched ? [o.index, (o.interaction.response.body as { n: number }).n] : undefined }
  t.strictSame([statusOf(), statusOf(), statusOf(), statusOf()], [[0, 1], [2, 2], [3, 3], [3, 3]])
  store.rewind()
  t.strictSame(statusOf(), [0, 1])
})

t.test('volatile pointers from a file are applied to incoming bodies, and cannot reach a prototype', async (t) => {
  const rec = recording([[fetchCall({ identifiers: { customer_id: 'u1' }, session_id: 's-1' }), ok({ n: 1 })]])
  rec.interactions[0]!.request.volatile = ['/session_id', '/__proto__/polluted', 'no-slash', '/identifiers/nothing/here']
  const store = new ReplayStore(rec, 'r.json')
  t.ok(store.answer(fetchCall({ identifiers: { customer_id: 'u1' }, session_id: 's-2' })).matched, 'a field made volatile by hand')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('the near miss: the recorded call with the fewest differences, same route first, each difference named', async (t) => {
  const store = new ReplayStore(recording([
    [fetchCall({ identifiers: { customer_id: 'u1' }, experience_key: ['a-key', 'b-key'], utm_medium: 'email' }), ok({})],
    [fetchCall({ identifiers: { customer_id: 'u2' }, experience_key: ['a-key'] }), ok({})],
    [fetchCall({ identifiers: { customer_id: 'u3' } }, 'OTHER'), ok({})]
  ]), 'r.json')
  const miss = store.answer(fetchCall({ identifiers: { customer_id: 'u9' }, experience_key: ['a-key'] }))
  t.notOk(miss.matched)
  if (miss.matched) return
  t.equal(miss.nearest?.index, 1)
  t.strictSame(miss.nearest?.differences.map(describeDifference), ['/identifiers/customer_id: recorded "u2", got "u9"'])
  const elsewhere = store.answer(fetchCall({ identifiers: { customer_id: 'u3' } }, 'THIRD'))
  t.equal(elsewhere.matched ? -1 : elsewhere.nearest?.index, 2, 'no call of this workspace: the closest on the same path')
  t.strictSame(differences(normaliseRequest(fetchCall({ a: [1, 2] }), NONE), normaliseRequest(fetchCall({ a: [1] }, 'X'), NONE)).map(describeDifference),
    ['workspace: recorded "WS", got "X"', '/a/1: recorded 2, got nothing'])
  t.equal(describeDifference({ at: '/x', recorded: 'y'.repeat(100), got: 1 }), `/x: recorded "${'y'.repeat(56)}..., got 1`, 'long values cut short')
})

t.test('the recorder keeps status, the headers an app acts on, and the body; a non-JSON answer as text', async (t) => {
  const recorder = new Recorder({ upstream: 'u', now: () => new Date('2026-11-29T10:00:00Z') })
  recorder.add(fetchCall({}), { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '3', 'x-other': 'no' }, text: '{"title":"x"}' }, 12.345)
  recorder.add(fetchCall({}), { status: 502, headers: new Headers({ 'content-type': 'text/html' }), text: '<html>bad gateway</html>' }, 1)
  t.match(recorder.recording.interactions, [
    { recorded_at: '2026-11-29T10:00:00.000Z', duration_ms: 12.35, response: { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '3' }, body: { title: 'x' } } },
    { response: { status: 502, headers: { 'content-type': 'text/html' }, body_text: '<html>bad gateway</html>' } }
  ])
  t.notOk('x-other' in (recorder.recording.interactions[0]!.response.headers ?? {}))
})

t.test('the recorder writes its file text as JSON.stringify would, serialising each call only once', async (t) => {
  const recorder = new Recorder({ upstream: 'u', redact: ['u_em'], now: () => new Date('2026-11-29T10:00:00Z') })
  t.equal(recorder.toJson(), JSON.stringify(recorder.recording, null, 2) + '\n', 'no calls yet')
  recorder.add(fetchCall({ identifiers: { customer_id: 'u1' }, text: 'a line\nbreak' }), { status: 200, headers: {}, text: '{"experiences":{}}' }, 1)
  t.equal(recorder.toJson(), JSON.stringify(recorder.recording, null, 2) + '\n', 'one call')
  recorder.setMetadata('WS', { metadata: { count: 0, experiences: [] } })
  recorder.add(fetchCall({ identifiers: { customer_id: 'u2' } }), { status: 500, headers: {}, text: 'oops' }, 1)
  t.equal(recorder.toJson(), JSON.stringify(recorder.recording, null, 2) + '\n', 'the metadata added later, and a second call')
})

t.test('the file text keeps characters that JavaScript counts as line breaks inside strings exactly', async (t) => {
  const recorder = new Recorder({ upstream: 'u' })
  recorder.add(fetchCall({ s: 'a\u2028b\u2029c' }), { status: 200, headers: {}, text: '{"t":"x\u2028y"}' }, 1)
  t.equal(recorder.toJson(), JSON.stringify(recorder.recording, null, 2) + '\n')
  t.same((JSON.parse(recorder.toJson()) as Recording).interactions[0]!.request.body, { s: 'a\u2028b\u2029c' })
})
