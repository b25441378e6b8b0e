// The Personalize request pipeline (docs/architecture.md): each stage one plugin, in order; replay registers nothing
// without a recording, validation stands on its own, and with a recording replay only chooses the answer source.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { RecordedResponse, Recording } from '../src/generated/types.js'
import { normaliseRequest } from '../src/record/normalize.js'
import { ReplayStore } from '../src/record/replay-store.js'
import { demoServer, DEMO, fetchExperiences } from './helpers/server.js'

const FUNDAY = {
  title: 'Invalid Field Value',
  description: 'DAY_OF_THE_WEEK - Enum doesnt allow value: funday, allowed values: [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]'
}

/** The hooks of a route (path and method as Fastify prints them) by lifecycle stage. */
function routeHooks (app: FastifyInstance, route: string): string {
  const printed = app.printRoutes({ includeHooks: true, commonPrefix: false })
  const from = printed.indexOf(route)
  return printed.slice(from, printed.indexOf('\n│   /', from))
}

/** The hooks of POST /v1/experiences/fetch. */
const fetchHooks = (app: FastifyInstance): string => routeHooks(app, '/v1/experiences/fetch (POST)')

/** A recording of one fetch, answered with a body the fixtures would never give. */
function recordingOf (body: unknown, answer: RecordedResponse['body'], status = 200): Recording {
  return {
    format: 'personalize-mock-recording/1',
    upstream: 'http://127.0.0.1:1/v1',
    recorded_at: '2026-11-29T10:00:00.000Z',
    interactions: [{ request: normaliseRequest({ method: 'POST', url: '/v1/experiences/fetch', workspace: DEMO.id, body }, new Set()), response: { status, body: answer } }]
  }
}

t.test('the stages of a Personalize route run in the documented order, one named hook each', async (t) => {
  const app = await demoServer(t)
  const hooks = fetchHooks(app)
  t.match(hooks, /\(onRequest\) \[.*"workspaceFromAppKey\(\)","basicAuthOfWorkspace\(\)"\]/)
  t.match(hooks, '(preValidation) ["bodyRequired()","validBody()"]')
  t.match(hooks, '(preHandler) ["injectedFault()","withinRateLimit()"]')
  // A stage adds its hook only to the routes it applies to: the method switch to POST metadata alone.
  t.notMatch(hooks, 'switchedMethod')
  t.match(routeHooks(app, '/v1/experiences/metadata (POST)'), /\(onRequest\) \[.*"switchedMethod\(\)","workspaceFromAppKey\(\)","basicAuthOfWorkspace\(\)"\]/)
})

t.test('with no recording, no replay plugin or hook is registered, and validation answers on its own', async (t) => {
  const app = await demoServer(t)
  t.notMatch(app.printPlugins(), /\breplay\b/, 'no replay plugin')
  t.notMatch(fetchHooks(app), /replay/i, 'no replay hook on the route')
  const res = await fetchExperiences(app, { DAY_OF_THE_WEEK: 'funday' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), FUNDAY)
  t.match(res.json().code, /^[A-Za-z]{8}$/)
})

t.test('with a recording, replay looks a call up between the body and validation', async (t) => {
  const app = await demoServer(t, { replay: { store: new ReplayStore(recordingOf({}, {}), 'r.json'), strict: false } })
  t.match(app.printPlugins(), /\breplay\b/)
  t.match(fetchHooks(app), '(preValidation) ["bodyRequired()","replayLookup()","validBody()"]')
})

t.test('with a recording, a held call answers from it and an unheld invalid call gets the validation 400', async (t) => {
  const held = { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] }
  const recorded = { experiences: { 'from-the-recording': null }, failures: {} }
  const app = await demoServer(t, { replay: { store: new ReplayStore(recordingOf(held, recorded), 'r.json'), strict: false } })
  const answered = await fetchExperiences(app, held)
  t.equal(answered.statusCode, 200)
  t.strictSame(answered.json(), recorded, 'the recorded answer, not the engine\'s')
  const invalid = await fetchExperiences(app, { DAY_OF_THE_WEEK: 'funday' })
  t.equal(invalid.statusCode, 400)
  t.match(invalid.json(), FUNDAY)
  const journal = app.mock.requests.list().map((r) => r.replay)
  t.match(journal, [{ outcome: 'matched', interaction: 0 }, { outcome: 'unmatched' }])
})

t.test('a held invalid call gets its recorded answer at the validation stage, before faults and the rate limit', async (t) => {
  const invalid = { DAY_OF_THE_WEEK: 'Funday' }
  const recorded = { title: 'Invalid Field Value', description: 'as the vendor said it', code: 'ABCDEFGH' }
  const app = await demoServer(t, { rateLimit: 1, replay: { store: new ReplayStore(recordingOf(invalid, recorded, 400), 'r.json'), strict: true } })
  app.mock.faults.add({ route: 'fetch', status: 503, times: 1 })
  const res = await fetchExperiences(app, invalid)
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), recorded, 'the recorded 400, not the mock\'s')
  t.equal((await fetchExperiences(app, invalid)).statusCode, 400, 'and again: the rate limit did not count it')
  t.equal((await fetchExperiences(app, invalid)).json().code, 'ABCDEFGH')
})

t.test('every validation test passes with the replay plugin removed', async (t) => {
  // The replay plugin's module is replaced by one that cannot be registered: a test that needed replay would fail.
  const removed = { replay: async () => { throw new Error('the replay plugin is removed from this run') } }
  const mocks = { '../src/server/plugins/replay.ts': removed }
  // One module graph holds the three validation test files and the buildServer they use (a single load: each
  // mockImport reloads every source module). Their tests run after this one, at the top level of this file.
  const { buildServer } = await t.mockImport<typeof import('./helpers/validation-suites.js')>('./helpers/validation-suites.js', mocks)
  const { loadFixtureFile } = await import('../src/fixtures/load.js')
  const { DEMO_FIXTURE_FILE } = await import('../src/fixtures/demo.js')
  const replay = { store: new ReplayStore(recordingOf({}, {}), 'r.json'), strict: false }
  await t.rejects(buildServer({ fixtures: await loadFixtureFile(DEMO_FIXTURE_FILE), replay }), /the replay plugin is removed/, 'the replacement is in force')
})
