// Fixture assignments: a user's fixed decision for an experience (what starter fixtures from a recording use).
import t from 'tap'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { FixtureError } from '../src/fixtures/problems.js'
import type { FixtureFile, FixtureUser } from '../src/generated/types.js'
import { evaluateFetch } from '../src/targeting/evaluate.js'
import { explainFetch } from '../src/targeting/explain.js'
import { audience, experience, fixtureFile, variation, workspace } from './helpers/fixtures.js'

const NOW = new Date('2026-11-30T12:00:00Z')

/** One experience: a gated audience (pro plan, 2 variations, a 50 % control group) and All Users after it. */
function file (users: FixtureUser[], over: Partial<Parameters<typeof experience>[1]> = {}): FixtureFile {
  return fixtureFile(workspace({
    users,
    experiences: [experience('banner-offer', {
      audiences: [
        audience({ id: 'P1', name: 'Pro', all_users: undefined, conditions: { field: 'user.plan', operator: 'equals', value: 'pro' }, control_group_percent: 50, variations: [variation({ id: '1', weight: 50 }), variation({ id: '2', weight: 50, payload: { Title: { value: 'Second', data_type: 'string' } } })] }),
        audience({ id: 'AU', name: 'All Users' })
      ],
      ...over
    })]
  }))
}

function fetchFor (doc: FixtureFile, customer: string, now = NOW) {
  const ws = loadFixtureDocument(doc, 'test').workspaces.get('WS_ONE')!
  return evaluateFetch(ws, { identifiers: { customer_id: customer }, experience_key: ['banner-offer'] }, now).experiences['banner-offer']?.experience_context
}

t.test('an assignment serves its audience and variation, whatever the conditions, control group and bucket', async (t) => {
  const doc = file([{ customer_id: 'free-user', attributes: { plan: 'free' }, global_control_group: true, assignments: { 'banner-offer': { audience_id: 'P1', variation_id: '2' } } }])
  t.match(fetchFor(doc, 'free-user'), { audience_id: 'P1', moe_variation_id: '2', audience_name: 'Pro' })
  t.match(fetchFor(doc, 'someone-else'), { audience_id: 'AU' }, 'other users are decided as usual')
})

t.test('served: false gives the user nothing from that experience', async (t) => {
  t.equal(fetchFor(file([{ customer_id: 'u1', assignments: { 'banner-offer': { served: false } } }]), 'u1'), undefined)
})

t.test('the experience\'s status and schedule still apply to an assigned user', async (t) => {
  const assigned: FixtureUser[] = [{ customer_id: 'u1', assignments: { 'banner-offer': { audience_id: 'AU', variation_id: '1' } } }]
  t.equal(fetchFor(file(assigned, { status: 'Paused' }), 'u1'), undefined, 'paused')
  t.equal(fetchFor(file(assigned, { schedule: { start: '2026-12-01T00:00' } }), 'u1'), undefined, 'not started')
})

t.test('explain says the assignment decided', async (t) => {
  const ws = loadFixtureDocument(file([{ customer_id: 'u1', assignments: { 'banner-offer': { audience_id: 'P1', variation_id: '1' } } }]), 'test').workspaces.get('WS_ONE')!
  const x = explainFetch(ws, { identifiers: { customer_id: 'u1' }, experience_key: ['banner-offer'] }, NOW, 'fnv1a32-v2').experiences[0]!
  t.match(x, { served: true, reason: 'SERVED', assigned: true, audiences: [], detail: 'assigned to this user by the fixture: audience "Pro", variation 1', variation: { id: '1', range: [0, 5000] } })
  t.notOk('bucket' in x, 'nothing was drawn')
  const none = loadFixtureDocument(file([{ customer_id: 'u1', assignments: { 'banner-offer': { served: false } } }]), 'test').workspaces.get('WS_ONE')!
  t.match(explainFetch(none, { identifiers: { customer_id: 'u1' }, experience_key: ['banner-offer'] }, NOW, 'fnv1a32-v2').experiences[0],
    { served: false, reason: 'USER_NOT_IN_SEGMENT', assigned: true, detail: 'the fixture assigns this user nothing from this experience' })
})

t.test('an assignment naming what the workspace lacks is refused with its pointer', async (t) => {
  const cases: Array<[FixtureUser['assignments'], string, RegExp]> = [
    [{ 'no-such-key': { served: false } }, '/workspaces/0/users/0/assignments/no-such-key', /no experience has the key "no-such-key"/],
    [{ 'banner-offer': { audience_id: 'ZZ', variation_id: '1' } }, '/workspaces/0/users/0/assignments/banner-offer/audience_id', /has no audience "ZZ"/],
    [{ 'banner-offer': { audience_id: 'P1', variation_id: '7' } }, '/workspaces/0/users/0/assignments/banner-offer/variation_id', /audience "P1" of "banner-offer" has no variation "7"/],
    [{ 'banner-offer': { audience_id: 'P1' } }, '/workspaces/0/users/0/assignments/banner-offer', /give audience_id and variation_id, or served: false/],
    [{ 'banner-offer': { served: false, audience_id: 'P1' } }, '/workspaces/0/users/0/assignments/banner-offer', /served: false cannot name an audience/],
    [{ 'a/b~c': { served: false } }, '/workspaces/0/users/0/assignments/a~1b~0c', /no experience has the key/]
  ]
  for (const [assignments, pointer, message] of cases) {
    const err = t.throws(() => loadFixtureDocument(file([{ customer_id: 'u1', assignments }]), 'f.json')) as FixtureError
    t.match(err.problems, [{ file: 'f.json', pointer, message }], pointer)
  }
  const schema = t.throws(() => loadFixtureDocument(file([{ customer_id: 'u1', assignments: { 'banner-offer': { served: true } as never } }]), 'f.json')) as FixtureError
  t.match(schema.problems, [{ pointer: '/workspaces/0/users/0/assignments/banner-offer/served', message: 'must be false' }], 'served can only be false')
})

t.test('an assignment keyed "__proto__" is data, never a prototype', async (t) => {
  const doc = JSON.parse('{"workspaces":[{"id":"WS_ONE","personalize_api_key":"key-one","users":[{"customer_id":"u1","assignments":{"__proto__":{"served":false}}}],"experiences":[{"key":"__proto__","name":"Prototype named","status":"Active","audiences":[{"id":"AU","name":"All Users","all_users":true,"variations":[{"weight":100,"payload":{}}]}]}]}]}') as FixtureFile
  const ws = loadFixtureDocument(doc, 'test').workspaces.get('WS_ONE')!
  t.strictSame(evaluateFetch(ws, { identifiers: { customer_id: 'u1' }, experience_key: ['__proto__'] }, NOW).experiences, Object.create(null))
  // eslint-disable-next-line no-proto -- an experience keyed __proto__ is the point of this test
  t.ok(evaluateFetch(ws, { identifiers: { customer_id: 'u2' }, experience_key: ['__proto__'] }, NOW).experiences.__proto__, 'another user is served')
})
