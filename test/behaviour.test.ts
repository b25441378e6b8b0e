// The behaviour catalogue: the mock obeys each switch, each switch changes what it says and nothing else, a
// workspace's switches win over the server's, and bad behaviour documents are refused with the file and pointer.
import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildServer } from '../src/server/app.js'
import { startMockServer } from '../src/server/start.js'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { BEHAVIOUR_CATALOGUE, DEFAULT_BEHAVIOUR, loadBehaviourFile, resolveBehaviour, type BehaviourSwitches, type SwitchName } from '../src/fixtures/behaviour.js'
import { FixtureError } from '../src/fixtures/problems.js'
import { schemaDocuments } from '../src/generated/schemas.js'
import { buildEvent, SHOWN } from '../src/client/events.js'
import type { Behaviour, ExperienceContext, FixtureFile } from '../src/generated/types.js'
import { authHeaders, DEMO, ROUTES } from './helpers/server.js'
import { problemsOf } from './helpers/fixtures.js'
import { FLIPPED } from './helpers/behaviour.js'

const demo = JSON.parse(readFileSync(new URL('../fixtures/demo.json', import.meta.url), 'utf8')) as FixtureFile
const CONTEXT: ExperienceContext = {
  cid: '66d55ae445921e4d35ae4368_F_T_WP_AB_2_P_0_AU_5A', experience: 'Test', moe_locale_id: '0', moe_variation_id: '2', audience_name: 'All Users', audience_id: '5A', type: 'Web Personalization'
}

/** Every switch set to its other value. */

t.test('the catalogue: every switch has two or more values, a default among them, and where the default comes from', async (t) => {
  t.ok(BEHAVIOUR_CATALOGUE.length >= 9)
  for (const s of BEHAVIOUR_CATALOGUE) {
    t.ok(s.values.length >= 2, `${s.name} has alternatives`)
    t.ok(s.values.includes(s.default), `${s.name}: the default is one of its values`)
    t.ok(['spec', 'example', 'guess'].includes(s.defaultSource), `${s.name}: default source ${s.defaultSource}`)
  }
  const evidenceNames = (schemaDocuments['behaviour.schema.json'] as any).properties.evidence.propertyNames.enum
  t.strictSame(evidenceNames, BEHAVIOUR_CATALOGUE.map((s) => s.name), 'evidence may name exactly the switches')
  t.equal(DEFAULT_BEHAVIOUR.payload_values, 'string')
  t.equal(DEFAULT_BEHAVIOUR.keys_over_limit, 'first_25')
})

t.test('with payload_values native and keys_over_limit reject, ShowCountdown is sent as true and 26 keys are refused', async (t) => {
  const mock = await startMockServer({ behaviour: { payload_values: 'native', keys_over_limit: 'reject' } })
  t.teardown(mock.close)
  const client = mock.client()
  const served = await client.fetchExperiences({ identifiers: { customer_id: 'someone' }, experience_key: ['homepage-banner'] })
  t.equal(served.experiences['homepage-banner']?.payload.ShowCountdown?.value, true)
  const keys = [...Array.from({ length: 25 }, (_, i) => `filler-${i}`), 'homepage-banner']
  const refused = await mock.app.inject({ ...ROUTES.fetch, headers: authHeaders(), payload: JSON.stringify({ experience_key: keys }) })
  t.equal(refused.statusCode, 400)
  t.match(refused.json(), { title: 'Invalid Field Value', description: 'experience_key - Length must be at most 25.' })
  t.strictSame((await mock.admin.health()).behaviour.server, resolveBehaviour(DEFAULT_BEHAVIOUR, { payload_values: 'native', keys_over_limit: 'reject' }))
})

t.test('a workspace\'s own behaviour wins over the server\'s, switch by switch', async (t) => {
  const doc = structuredClone(demo)
  const other = structuredClone(doc.workspaces[0]!)
  other.id = 'OTHER_WORKSPACE'
  other.behaviour = { keys_over_limit: 'first_25', metadata_post: 'serve' }
  doc.workspaces.push(other)
  const mock = await startMockServer({ fixtures: doc, behaviour: { keys_over_limit: 'reject' } })
  t.teardown(mock.close)
  const health = await mock.admin.health()
  t.equal(health.behaviour.workspaces.DEMO_WORKSPACE?.keys_over_limit, 'reject')
  t.equal(health.behaviour.workspaces.OTHER_WORKSPACE?.keys_over_limit, 'first_25')
  t.equal(health.behaviour.workspaces.OTHER_WORKSPACE?.metadata_post, 'serve')
  const keys = Array.from({ length: 26 }, (_, i) => `k-${i}`)
  const ask = (id: string) => mock.app.inject({
    ...ROUTES.fetch,
    headers: authHeaders({ id, key: DEMO.key }),
    payload: JSON.stringify({ experience_key: keys })
  })
  t.equal((await ask('DEMO_WORKSPACE')).statusCode, 400)
  t.equal((await ask('OTHER_WORKSPACE')).statusCode, 200)
  const post = (id: string) => mock.app.inject({ method: 'POST', url: '/v1/experiences/metadata', headers: authHeaders({ id, key: DEMO.key }) })
  const refused = await post('DEMO_WORKSPACE')
  t.equal(refused.statusCode, 405)
  t.equal(refused.headers.allow, 'GET, HEAD')
  t.equal((await post('OTHER_WORKSPACE')).json().metadata.count, demo.workspaces[0]!.experiences.length)
})

t.test('a POST to metadata is 405 before the headers are checked unless the workspace serves it; then auth applies', async (t) => {
  const mock = await startMockServer({ behaviour: { metadata_post: 'serve' } })
  t.teardown(mock.close)
  const noKey = await mock.app.inject({ method: 'POST', url: '/v1/experiences/metadata' })
  t.equal(noKey.statusCode, 405, 'no MOE-APPKEY: no workspace serves it')
  const wrongAuth = await mock.app.inject({ method: 'POST', url: '/v1/experiences/metadata', headers: { ...authHeaders(), authorization: 'Basic eDp5' } })
  t.equal(wrongAuth.statusCode, 401)
  const filtered = await mock.app.inject({ method: 'POST', url: '/v1/experiences/metadata?status=Paused', headers: authHeaders() })
  t.strictSame(filtered.json().metadata.experiences.map((e: any) => e.status), ['Paused'])
})

// ── Each switch changes what it says and nothing else ──

/** A request and the part of its answer a switch may change (volatile ids left out). */
interface Probe { method: 'GET' | 'POST', url: string, body?: unknown, view: (res: LightMyRequestResponse) => unknown }

const keysServed = (res: LightMyRequestResponse) => res.statusCode === 200 ? Object.keys(res.json().experiences) : res.json().description
const statusOnly = (res: LightMyRequestResponse) => [res.statusCode, res.json().title ?? res.json().status]
const countOnly = (res: LightMyRequestResponse) => [res.statusCode, res.json().metadata?.count]
const whole = (res: LightMyRequestResponse) => [res.statusCode, res.json()]
const event = (change: (a: any) => void): unknown => {
  const element = buildEvent({ customerId: 'probe-user', context: CONTEXT, action: SHOWN, time: new Date('2026-01-01T00:00:00Z') })
  change(element.actions[0])
  return { elements: [element] }
}
const fetchProbe = (body: unknown, view: Probe['view']): Probe => ({ method: 'POST', url: '/v1/experiences/fetch', body, view })

/** The requests each switch is about; a switch must change these and no other probe. */
const PROBES: Record<SwitchName, Probe> = {
  payload_values: fetchProbe({ identifiers: { customer_id: 'probe-user' }, experience_key: ['homepage-banner'] },
    (res) => Object.values<any>(res.json().experiences['homepage-banner'].payload).map((v) => typeof v.value)),
  keys_over_limit: fetchProbe({ experience_key: [...Array.from({ length: 25 }, (_, i) => `filler-${i}`), 'summer-sale-strip'] }, (res) => [res.statusCode, keysServed(res)]),
  empty_experience_key: fetchProbe({ identifiers: { customer_id: 'probe-user' }, experience_key: [] }, keysServed),
  user_identifiers_string: fetchProbe({ identifiers: { user_identifiers: 'probe@example.com' }, experience_key: ['summer-sale-strip'] }, (res) => [res.statusCode, keysServed(res)]),
  events_platform_missing: { method: 'POST', url: '/v1/experiences/events', body: event((a) => { delete a.platform }), view: statusOnly },
  events_platform_unsupported: { method: 'POST', url: '/v1/experiences/events', body: event((a) => { a.platform = 'smartwatch' }), view: statusOnly },
  event_time_milliseconds: { method: 'POST', url: '/v1/experiences/events', body: event((a) => { a.event_time *= 1000 }), view: statusOnly },
  metadata_post: { method: 'POST', url: '/v1/experiences/metadata', view: countOnly },
  metadata_empty_status: { method: 'GET', url: '/v1/experiences/metadata?status=', view: countOnly }
}
/** Requests no switch is about. */
const UNCHANGED: Probe[] = [
  fetchProbe({ identifiers: { customer_id: 'demo-user-2' }, experience_key: ['summer-sale-strip', 'new-customer-welcome'] }, whole),
  fetchProbe({ identifiers: { customer_id: 'probe-user' } }, keysServed),
  fetchProbe({ experience_key: Array.from({ length: 25 }, (_, i) => `filler-${i}`) }, whole),
  fetchProbe({ DAY_OF_THE_WEEK: 'funday' }, (res) => [res.statusCode, res.json().description]),
  { method: 'GET', url: '/v1/experiences/metadata', view: whole },
  { method: 'GET', url: '/v1/experiences/metadata?status=Active', view: whole },
  { method: 'POST', url: '/v1/experiences/events', body: event(() => {}), view: statusOnly },
  { method: 'POST', url: '/v1/experiences/events', body: event((a) => { a.event_time = -1 }), view: (res) => [res.statusCode, res.json().description] }
]

const servers = new Map<string, Promise<FastifyInstance>>()
t.teardown(async () => { for (const s of servers.values()) await (await s).close() })
function serverWith (behaviour: BehaviourSwitches): Promise<FastifyInstance> {
  const id = JSON.stringify(behaviour)
  let app = servers.get(id)
  if (app === undefined) {
    app = buildServer({ fixtures: loadFixtureDocument(demo, 'demo', { behaviour }), rateLimit: false })
    servers.set(id, app)
  }
  return app
}

async function answers (behaviour: BehaviourSwitches): Promise<{ own: Record<string, string>, unchanged: string[] }> {
  const app = await serverWith(behaviour)
  const ask = async (p: Probe) => JSON.stringify(p.view(await app.inject({
    method: p.method, url: p.url, headers: authHeaders(), ...(p.body === undefined ? {} : { payload: JSON.stringify(p.body) })
  })))
  const own: Record<string, string> = {}
  for (const [name, probe] of Object.entries(PROBES)) own[name] = await ask(probe)
  return { own, unchanged: await Promise.all(UNCHANGED.map(ask)) }
}

t.test('each switch changes the answers it is about, and no other (any set of switches flipped)', async (t) => {
  const defaults = await answers(DEFAULT_BEHAVIOUR)
  const names = BEHAVIOUR_CATALOGUE.map((s) => s.name)
  await fc.assert(fc.asyncProperty(fc.subarray(names), async (flipped) => {
    const b = resolveBehaviour(DEFAULT_BEHAVIOUR, Object.fromEntries(flipped.map((n) => [n, FLIPPED[n]])))
    const got = await answers(b)
    const changed = names.filter((n) => got.own[n] !== defaults.own[n])
    if (JSON.stringify(changed) !== JSON.stringify(flipped)) throw new Error(`flipped ${flipped.join(', ')}: changed ${changed.join(', ')}`)
    if (JSON.stringify(got.unchanged) !== JSON.stringify(defaults.unchanged)) throw new Error(`flipped ${flipped.join(', ')}: an unrelated answer changed`)
  }), { seed: 14, numRuns: 24, examples: [[[]], [names], ...names.map((n) => [[n]] as [SwitchName[]])] })
  t.pass('every flip changed exactly its own answers')
})

// ── Refusals ──

t.test('a behaviour with an unknown switch, a value not in the catalogue or a wrong type is refused with pointers', async (t) => {
  const bad = { payload_value: 'native', keys_over_limit: 'reject_all', metadata_post: true }
  const err = await startMockServer({ behaviour: bad as unknown as Behaviour }).then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof FixtureError)
  const problems = (err as FixtureError).problems.map((p) => `${p.file}: ${p.pointer}: ${p.message}`)
  t.ok(problems.includes('startMockServer behaviour: : unknown property "payload_value"'), problems.join('\n'))
  t.ok(problems.includes('startMockServer behaviour: /keys_over_limit: "reject_all" is not one of "first_25", "reject"'), problems.join('\n'))
  t.ok(problems.some((p) => p.startsWith('startMockServer behaviour: /metadata_post: ')), problems.join('\n'))
})

t.test('a behaviour file is refused naming the file; one that is not JSON too', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'behaviour-'))
  const file = path.join(dir, 'vendor.json')
  await writeFile(file, JSON.stringify({ events_platform_missing: 'maybe' }))
  await t.rejects(loadBehaviourFile(file), { message: new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: /events_platform_missing: "maybe" is not one of "unknown", "reject"`) })
  await writeFile(file, '{"payload_values": ')
  await t.rejects(loadBehaviourFile(file), FixtureError)
})

t.test('a workspace behaviour in a fixture file is checked like the rest of the fixture', async (t) => {
  const doc = structuredClone(demo)
  doc.workspaces[0]!.behaviour = { empty_experience_key: 'some' } as unknown as Behaviour
  const problems = problemsOf(() => loadFixtureDocument(doc, 'bad.json'))
  t.strictSame(problems.map((p) => [p.file, p.pointer]), [['bad.json', '/workspaces/0/behaviour/empty_experience_key']])
  t.match(problems[0]?.message, /"some" is not one of "all", "none"/)
})

t.test('behaviour switches reach the requests of a reloaded fixture set', async (t) => {
  const mock = await startMockServer({ behaviour: { keys_over_limit: 'reject' } })
  t.teardown(mock.close)
  await mock.admin.putFixtures(demo)
  const keys = Array.from({ length: 26 }, (_, i) => `k-${i}`)
  const res = await mock.app.inject({ ...ROUTES.fetch, headers: authHeaders(), payload: JSON.stringify({ experience_key: keys }) })
  t.equal(res.statusCode, 400, 'the server\'s behaviour holds for the new set')
})

t.test('the OpenAPI document says what the behaviour changes in shapes and operations', async (t) => {
  const mock = await startMockServer({ behaviour: FLIPPED })
  t.teardown(mock.close)
  const doc = (await mock.app.inject({ method: 'GET', url: '/openapi.json' })).json()
  t.strictSame(doc.info['x-behaviour'], FLIPPED)
  t.strictSame(doc.components.schemas.Common.$defs.PayloadVariable.properties.value.type, ['string', 'object', 'array', 'number', 'boolean'])
  t.equal(doc.components.schemas.FetchRequest.properties.experience_key.maxItems, 25)
  t.ok(doc.paths['/v1/experiences/metadata'].post, 'POST metadata is an operation')
  t.ok(doc.components.schemas.EventsRequest.$defs.EventAction.required.includes('platform'))
  const plain = (await startMockServer()).app
  t.teardown(() => plain.close())
  const standard = (await plain.inject({ method: 'GET', url: '/openapi.json' })).json()
  t.equal(standard.paths['/v1/experiences/metadata'].post, undefined)
  t.strictSame(standard.components.schemas.Common.$defs.PayloadVariable.properties.value.type, ['string', 'object', 'array'])
})
