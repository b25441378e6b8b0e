// __proto__, constructor and prototype, wherever a client or a fixture author can put them, change nothing
// outside the request or document that carries them.
import t, { type Test } from 'tap'
import { loadFixtureText } from '../src/fixtures/load.js'
import { buildServer } from '../src/server/app.js'
import { authHeaders, trackEvents } from './helpers/server.js'

const fixtureText = `{
  "workspaces": [{
    "id": "WS_PROTO",
    "personalize_api_key": "proto-key",
    "users": [
      { "customer_id": "__proto__", "user_identifiers": { "__proto__": "p@example.com", "constructor": "c1" }, "attributes": { "__proto__": { "polluted": "attribute" }, "constructor": "pro", "prototype": 3 }, "segments": ["__proto__"] },
      { "customer_id": "plain-user", "attributes": { "plan": "pro" } }
    ],
    "experiences": [
      { "key": "__proto__", "name": "Prototype experience", "status": "Active", "audiences": [
        { "id": "P1", "name": "Proto attribute", "conditions": { "all": [
          { "field": "user.constructor", "operator": "equals", "value": "pro" },
          { "field": "segment", "operator": "in", "value": "__proto__" }
        ] }, "variations": [{ "weight": 100, "payload": { "__proto__": { "value": { "polluted": "payload" }, "data_type": "json" } } }] }
      ] },
      { "key": "session-proto", "name": "Session proto key", "status": "Active", "audiences": [
        { "id": "S1", "name": "Has own __proto__", "conditions": { "field": "session.__proto__", "operator": "exists" }, "variations": [{ "weight": 100, "payload": {} }] }
      ] },
      { "key": "everyone-else", "name": "Everyone else", "status": "Active", "audiences": [
        { "id": "E1", "name": "All", "all_users": true, "variations": [{ "weight": 100, "payload": { "Title": { "value": "hi", "data_type": "string" } } }] }
      ] }
    ]
  }]
}`
const ws = { id: 'WS_PROTO', key: 'proto-key' }

function pristine (t: Test): void {
  t.equal(({} as Record<string, unknown>).polluted, undefined, '({}).polluted is undefined')
  t.strictSame(Object.keys(Object.prototype), [], 'Object.prototype has no new keys')
}

t.test('fixture keys, attribute names and identifiers named __proto__ work as plain names', async (t) => {
  const app = await buildServer({ fixtures: loadFixtureText(fixtureText, 'proto.json') })
  t.teardown(() => app.close())
  const fetch = async (body: unknown) => (await app.inject({ method: 'POST', url: '/v1/experiences/fetch', headers: authHeaders(ws), payload: JSON.stringify(body) })).json()
  const proto = await fetch({ identifiers: { customer_id: '__proto__' }, experience_key: ['__proto__'] })
  t.strictSame(Object.keys(proto.experiences), ['__proto__'], 'the user "__proto__" matches through its own "constructor" attribute and "__proto__" segment')
  // eslint-disable-next-line no-proto -- an experience keyed __proto__ is the point of this test
  t.strictSame(JSON.parse(JSON.stringify(proto)).experiences.__proto__.payload, JSON.parse('{"__proto__":{"value":{"polluted":"payload"},"data_type":"json"}}'))
  const byIdentifier = await fetch({ identifiers: { user_identifiers: JSON.parse('{"__proto__":"p@example.com"}') }, experience_key: ['__proto__'] })
  t.strictSame(Object.keys(byIdentifier.experiences), ['__proto__'], 'an identifier named __proto__ resolves the user')
  const plain = await fetch({ identifiers: { customer_id: 'plain-user' }, experience_key: ['__proto__'] })
  t.strictSame(plain.experiences, {}, 'a user without those own properties does not match (no inherited "constructor")')
  pristine(t)
})

t.test('requests carrying __proto__, constructor and prototype keys pollute nothing and change no later answer', async (t) => {
  const app = await buildServer({ fixtures: loadFixtureText(fixtureText, 'proto.json') })
  t.teardown(() => app.close())
  const send = (payload: string) => app.inject({ method: 'POST', url: '/v1/experiences/fetch', headers: authHeaders(ws), payload })
  const baseline = (await send('{"identifiers":{"customer_id":"plain-user"}}')).json()
  const hostile = [
    '{"__proto__":{"polluted":"session"},"constructor":{"prototype":{"polluted":"ctor"}},"prototype":{"polluted":"p"}}',
    '{"identifiers":{"__proto__":{"customer_id":"plain-user"},"customer_id":"stranger"}}',
    '{"identifiers":{"user_identifiers":{"__proto__":{"polluted":"id"},"constructor":"x"}}}',
    '{"experience_key":["__proto__","constructor","prototype","toString","hasOwnProperty"]}'
  ]
  for (const payload of hostile) t.ok([200, 400].includes((await send(payload)).statusCode), payload)
  const sessionProto = (await send('{"__proto__":"x","experience_key":["session-proto"]}')).json()
  t.strictSame(Object.keys(sessionProto.experiences), ['session-proto'], 'a session key named __proto__ is read as an own key')
  t.strictSame(Object.keys((await send('{"experience_key":["session-proto"]}')).json().experiences), [], 'and only when sent')
  const explained = await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(ws), payload: hostile[0] as string })
  t.equal(explained.statusCode, 200)
  t.strictSame((await send('{"identifiers":{"customer_id":"plain-user"}}')).json(), baseline, 'later answers are unchanged')
  pristine(t)
})

t.test('events whose attributes and elements carry prototype keys are stored as data, nothing more', async (t) => {
  const app = await buildServer({ fixtures: loadFixtureText(fixtureText, 'proto.json') })
  t.teardown(() => app.close())
  const payload = '{"elements":[{"customer_id":"__proto__","__proto__":{"polluted":"element"},"actions":[{"action":"MOE_PERSONALIZATION_MESSAGE_SHOWN","moe_event_uuid":"aa886712-4537-47c1-b126-2686efda2e26","event_time":1,"attributes":{"cid":"x","experience":"e","moe_locale_id":"0","moe_variation_id":"1","audience_name":"a","audience_id":"1","__proto__":{"polluted":"attributes"}}}]}]}'
  const res = await trackEvents(app, JSON.parse(payload), authHeaders(ws))
  t.equal(res.statusCode, 200)
  const events = (await app.inject({ method: 'GET', url: '/__admin/events' })).json().events
  t.equal(events[0].customer_id, '__proto__')
  pristine(t)
})
