// Accepted events create and update users (the vendor: an unknown customer_id creates the user, user_attributes
// create or update the profile): the next fetch, explain and the admin API see them; reset goes back to the fixtures.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { authHeaders, DEMO, demoServer, fetchExperiences, HOMEPAGE_CONTEXT, serverFor, trackEvents } from './helpers/server.js'
import { audience, experience, fixtureFile, workspace } from './helpers/fixtures.js'
import { violations } from './helpers/schemas.js'
import { readFileSync } from 'node:fs'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { LiveUsers } from '../src/server/live-users.js'

const CONTEXT = HOMEPAGE_CONTEXT

function element (customerId: string, userAttributes?: Record<string, unknown>, uuid: string = randomUUID()): Record<string, unknown> {
  return {
    customer_id: customerId,
    ...(userAttributes === undefined ? {} : { user_attributes: userAttributes }),
    actions: [{ action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: uuid, event_time: 1725258666, platform: 'web', attributes: { ...CONTEXT } }]
  }
}

async function send (app: FastifyInstance, ...elements: Array<Record<string, unknown>>): Promise<number> {
  return (await trackEvents(app, { elements })).statusCode
}

async function servedKeys (app: FastifyInstance, body: Record<string, unknown>): Promise<string[]> {
  return Object.keys((await fetchExperiences(app, body)).json().experiences)
}

async function adminUsersOf (app: FastifyInstance): Promise<unknown> {
  return (await app.inject({ method: 'GET', url: '/__admin/users' })).json()
}

async function adminUser (app: FastifyInstance, customerId: string, query = ''): Promise<{ status: number, body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'GET', url: `/__admin/users/${encodeURIComponent(customerId)}${query}` })
  return { status: res.statusCode, body: res.json() }
}

t.test('an event naming an unknown customer with user_attributes creates them: the next fetch serves them from an attribute audience', async (t) => {
  const app = await demoServer(t)
  const ask = { identifiers: { customer_id: 'fresh-42' }, experience_key: ['new-customer-welcome'] }
  t.strictSame(await servedKeys(app, ask), [], 'unknown: an anonymous visitor, who cannot match user conditions')
  t.equal(await send(app, element('fresh-42', { lifetime_orders: 0, first_name: 'Fresh' })), 200)
  const res = (await fetchExperiences(app, ask)).json()
  t.strictSame(Object.keys(res.experiences), ['new-customer-welcome'])
  t.equal(res.experiences['new-customer-welcome'].experience_context.audience_name, 'New customers')

  const explain = (await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: ask })).json()
  t.strictSame(violations('explain-response.schema.json', explain), [])
  t.match(explain.visitor, { environment: 'live', resolved_by: 'customer_id', customer_id: 'fresh-42', source: 'events' })
  t.match(explain.experiences[0].audiences[0].conditions[0], { passed: true, saw: 0 })

  const user = await adminUser(app, 'fresh-42')
  t.equal(user.status, 200)
  t.strictSame(violations('admin.schema.json#/definitions/User', user.body), [])
  t.match(user.body, { workspace: DEMO.id, environment: 'live', customer_id: 'fresh-42', source: 'events', attributes: { lifetime_orders: 0, first_name: 'Fresh' }, segments: [], global_control_group: false, events: { count: 1, changed: ['lifetime_orders', 'first_name'] } })
})

t.test('an unknown customer without user_attributes is created too: a known user with no attributes', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('plan-missing', { audiences: [audience({ id: 'N1', name: 'No plan yet', all_users: undefined, conditions: { field: 'user.plan', operator: 'not_exists' } })] })] }))
  const app = await serverFor(t, doc)
  const headers = authHeaders({ id: 'WS_ONE', key: 'key-one' })
  const ask = { identifiers: { customer_id: 'new-visitor' } }
  t.strictSame(Object.keys((await fetchExperiences(app, ask, headers)).json().experiences), [], 'anonymous: not_exists cannot be read')
  t.equal((await trackEvents(app, { elements: [element('new-visitor')] }, headers)).statusCode, 200)
  t.strictSame(Object.keys((await fetchExperiences(app, ask, headers)).json().experiences), ['plan-missing'], 'a known user without the attribute')
})

t.test('user_attributes merge into a fixture user: one by one, the last winning whatever its type; null removes one; the rest stays', async (t) => {
  const app = await demoServer(t)
  const welcome = { identifiers: { customer_id: 'demo-user-2' }, experience_key: ['new-customer-welcome'] }
  t.strictSame(await servedKeys(app, welcome), ['new-customer-welcome'], 'demo-user-2 starts as a new customer (0 orders, signed up in November)')
  t.equal(await send(app, element('demo-user-2', { lifetime_orders: '5', signup_date: null })), 200)
  t.strictSame(await servedKeys(app, welcome), [], 'orders now "5" (a string, not equal to 0), signup date removed')
  const user = await adminUser(app, 'demo-user-2')
  t.strictSame(user.body.attributes, { first_name: 'Grace', plan: 'free', lifetime_orders: '5' })
  t.equal(user.body.source, 'fixtures and events')
  t.strictSame(user.body.user_identifiers, { u_em: 'grace@example.com' }, 'identifiers are never changed by events')

  t.equal(await send(app, element('demo-user-2', { lifetime_orders: 0 })), 200)
  t.strictSame(await servedKeys(app, welcome), ['new-customer-welcome'], 'a later number replaces the string')
  t.equal(await send(app, element('demo-user-2', { plan: 'pro' })), 200)
  const byEmail = { identifiers: { user_identifiers: { u_em: 'grace@example.com' } }, experience_key: ['email-landing-banner'], utm_medium: 'email' }
  t.equal((await fetchExperiences(app, byEmail)).json().experiences['email-landing-banner'].experience_context.audience_name, 'Pro users from email',
    'found through user_identifiers, with the updated plan')
  t.match((await adminUser(app, 'demo-user-2')).body.events, { count: 3, changed: ['lifetime_orders', 'signup_date', 'plan'] })
})

t.test('a not tree reads the attributes events set', async (t) => {
  const notFree = { not: { field: 'user.plan', operator: 'equals', value: 'free' } } as const
  const doc = fixtureFile(workspace({ experiences: [experience('not-free-users', { audiences: [audience({ id: 'P1', name: 'Not on the free plan', all_users: undefined, conditions: notFree })] })] }))
  const app = await serverFor(t, doc)
  const headers = authHeaders({ id: 'WS_ONE', key: 'key-one' })
  const served = async (): Promise<string[]> => Object.keys((await fetchExperiences(app, { identifiers: { customer_id: 'u-9' } }, headers)).json().experiences)
  const event = async (attributes: Record<string, unknown>): Promise<number> => (await trackEvents(app, { elements: [element('u-9', attributes)] }, headers)).statusCode
  t.strictSame(await served(), [], 'unknown: ruled out, whatever the not says')
  t.equal(await event({ plan: 'free' }), 200)
  t.strictSame(await served(), [])
  t.equal(await event({ plan: 'pro' }), 200)
  t.strictSame(await served(), ['not-free-users'])
})

t.test('a batch refused by validation changes no user', async (t) => {
  const app = await demoServer(t)
  const bad = { ...element('demo-user-2'), user_timezone_offset: 99999 }
  t.equal(await send(app, element('fresh-7', { plan: 'pro' }), element('demo-user-2', { plan: 'pro' }), bad), 400)
  t.equal((await adminUser(app, 'fresh-7')).status, 404)
  const user = (await adminUser(app, 'demo-user-2')).body
  t.equal(user.source, 'fixtures')
  t.equal(user.events, undefined)
  t.match(user.attributes, { plan: 'free' })
})

t.test('a re-sent moe_event_uuid changes nothing twice: the retry of an older event does not undo a newer one', async (t) => {
  const app = await demoServer(t)
  const first = randomUUID()
  t.equal(await send(app, element('fresh-8', { visits: 1 }, first)), 200)
  t.equal(await send(app, element('fresh-8', { visits: 2 })), 200)
  t.equal(await send(app, element('fresh-8', { visits: 1 }, first.toUpperCase())), 200, 'the retry is acknowledged')
  const user = await adminUser(app, 'fresh-8')
  t.strictSame(user.body.attributes, { visits: 2 })
  t.equal((user.body.events as { count: number }).count, 2)
})

t.test('an element holding an action seen before is a retry: its attributes do not apply, even beside a new action', async (t) => {
  const app = await demoServer(t)
  const first = randomUUID()
  t.equal(await send(app, element('fresh-11', { v: 1 }, first)), 200)
  t.equal(await send(app, element('fresh-11', { v: 2 })), 200)
  const retry = element('fresh-11', { v: 1 }, first) as { actions: unknown[] }
  retry.actions.push({ ...(element('x') as { actions: Array<Record<string, unknown>> }).actions[0], moe_event_uuid: randomUUID() })
  t.equal(await send(app, retry), 200)
  t.strictSame((await adminUser(app, 'fresh-11')).body.attributes, { v: 2 })
  t.equal((await app.inject({ method: 'GET', url: '/__admin/events?customer_id=fresh-11' })).json().events.length, 3, 'the new action is still journaled')
})

t.test('past the cap, the user events changed first is forgotten, back to the fixtures, and counted', async (t) => {
  const fixtures = loadFixtureDocument(JSON.parse(readFileSync(new URL('../fixtures/demo.json', import.meta.url), 'utf8')), 'demo')
  const env = fixtures.workspaces.get(DEMO.id)!.live
  const users = new LiveUsers(2)
  const at = new Date('2026-12-01T00:00:00Z')
  for (const id of ['demo-user-1', 'fresh-a', 'fresh-b']) users.apply(env, [element(id, { mark: id }) as never], at)
  t.strictSame(users.list(env).map((u) => u.customer_id), ['fresh-a', 'fresh-b'])
  t.strictSame(users.evicted(), { [DEMO.id]: 1 })
  t.match(users.read(env, 'demo-user-1'), { source: 'fixtures', attributes: { plan: 'pro' } })
  t.notOk('mark' in (users.read(env, 'demo-user-1')?.attributes ?? {}))
  t.equal(users.scopeOf(env).users.byCustomerId('fresh-b')?.attributes?.mark, 'fresh-b')
  t.match((await adminUsersOf(await demoServer(t))), { users: [], evicted: {}, cap: 100_000 })
})

t.test('POST /__admin/reset goes back to the fixtures; a fixture reload keeps what events did', async (t) => {
  const app = await demoServer(t)
  t.equal(await send(app, element('demo-user-1', { plan: 'free' }), element('fresh-9', { plan: 'pro' })), 200)
  const fixtures = (await app.inject({ method: 'GET', url: '/__admin/fixtures' })).json()
  fixtures.workspaces[0].users[0].attributes.first_name = 'Augusta'
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/fixtures', payload: fixtures })).statusCode, 200)
  t.match((await adminUser(app, 'demo-user-1')).body.attributes, { first_name: 'Augusta', plan: 'free' }, 'the reloaded fixture user, with the event applied over it')
  t.equal((await adminUser(app, 'fresh-9')).status, 200)

  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.match((await adminUser(app, 'demo-user-1')).body, { source: 'fixtures', attributes: { first_name: 'Ada', plan: 'pro' } })
  t.equal((await adminUser(app, 'fresh-9')).status, 404)
})

t.test('GET /__admin/users lists the users events made or changed; an unknown user is 404 in the envelope', async (t) => {
  const app = await demoServer(t)
  t.strictSame(await adminUsersOf(app), { users: [], evicted: {}, cap: 100_000 })
  t.equal(await send(app, element('fresh-10', { a: 1 }), element('demo-user-3', { b: 2 })), 200)
  const list = (await app.inject({ method: 'GET', url: '/__admin/users?environment=live' })).json()
  t.strictSame(violations('admin.schema.json#/definitions/Users', list), [])
  t.strictSame(list.users.map((u: { customer_id: string, source: string }) => [u.customer_id, u.source]), [['fresh-10', 'events'], ['demo-user-3', 'fixtures and events']])
  t.strictSame((await app.inject({ method: 'GET', url: '/__admin/users?last=1' })).json().users.map((u: { customer_id: string }) => u.customer_id), ['demo-user-3'], 'last=N: the newest N')
  t.match((await adminUser(app, 'demo-user-3')).body, { global_control_group: true }, 'the global control group is never changed by events')
  const missing = await adminUser(app, 'nobody-at-all')
  t.equal(missing.status, 404)
  t.match(missing.body, { title: '404 Not Found', description: 'No user "nobody-at-all" in the live environment of workspace DEMO_WORKSPACE: no fixture user has this customer_id, and no accepted event named it.' })
  t.match((await adminUser(app, 'demo-user-1', '?environment=staging')).body, { title: 'Invalid admin request', description: /^environment - / })
  t.match((await adminUser(app, 'demo-user-1', '?workspace=NOPE')).body, { title: 'Invalid admin request', description: 'workspace - no workspace "NOPE" in the fixtures' })
})

t.test('with several workspaces, reading a user needs the workspace', async (t) => {
  const app = await serverFor(t, fixtureFile(workspace(), workspace({ id: 'WS_TWO', personalize_api_key: 'key-two' })))
  t.match((await adminUser(app, 'u-1')).body, { title: 'Invalid admin request', description: 'workspace - give the workspace id: the fixtures hold 2 workspaces' })
  t.equal((await adminUser(app, 'u-1', '?workspace=WS_TWO')).status, 404)
})
