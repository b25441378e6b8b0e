// Mutation testing for the contract suite: for every case, a server that differs from the mock in exactly the
// behaviour the case covers must fail that case, and only it. Each variant is the in-process mock behind a
// fetch function that rewrites one kind of request or answer (or sends some calls to a mock on changed
// fixtures); no sockets.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildServer } from '../src/server/app.js'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { runContracts } from '../src/contracts/runner.js'
import { CONTRACT_CASES } from '../src/contracts/cases/index.js'
import { EVENTS, FETCH, METADATA } from '../src/contracts/cases/requests.js'
import { elementError, VENDOR } from '../src/contracts/vendor-text.js'
import { CLICKED, SHOWN } from '../src/client/events.js'
import type { ResolvedTarget } from '../src/contracts/target.js'
import { DEFAULT_BEHAVIOUR, resolveBehaviour, type BehaviourSwitches, type SwitchName } from '../src/fixtures/behaviour.js'
import type { Behaviour, ContractProfile, ContractReport, ExperienceStatus, FixtureExperience, FixtureFile } from '../src/generated/types.js'
import { tryParseJson } from '../src/validation/json.js'
import { basic, DEMO } from './helpers/server.js'

const demoProfile = JSON.parse(readFileSync(new URL('../fixtures/demo-profile.json', import.meta.url), 'utf8')) as ContractProfile
const demoFixtures = JSON.parse(readFileSync(new URL('../fixtures/demo.json', import.meta.url), 'utf8')) as FixtureFile
const BASE = 'http://variant.test/v1'

/** One request as a server sees it (header names in lower case), and its answer (always JSON here). */
interface Call { method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: string | undefined }
interface Answer { status: number, body: any }
type Server = (call: Call) => Promise<Answer>

interface Variant {
  /** What the server does differently from the mock. */
  name: string
  /** The cases it must fail: one, or a short list where the behaviour is shared (said in a comment). */
  fails: readonly string[]
  server: (mock: Server) => Server | Promise<Server>
}

// ── The mock in-process, and the pieces variants are made of ──

const mocks: Array<{ close: () => Promise<unknown> }> = []
t.teardown(() => Promise.all(mocks.map((m) => m.close())))

async function mockOn (doc: FixtureFile): Promise<Server> {
  const app = await buildServer({ fixtures: loadFixtureDocument(doc, 'variant fixtures'), rateLimit: false })
  mocks.push(app)
  return async (call) => {
    const query = call.query.toString()
    const res = await app.inject({ method: call.method as 'GET', url: call.path + (query === '' ? '' : `?${query}`), headers: call.headers, ...(call.body === undefined ? {} : { payload: call.body }) })
    return { status: res.statusCode, body: tryParseJson(res.body) }
  }
}

/** A mock on the demo fixtures as `change` leaves them. */
function mockWhere (change: (experiences: FixtureExperience[]) => void): Promise<Server> {
  const doc = structuredClone(demoFixtures)
  change(doc.workspaces[0]!.experiences)
  return mockOn(doc)
}

function asFetch (server: Server): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(String(input))
    const answer = await server({
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? init.body : undefined
    })
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
}

const to = (endpoint: string) => (call: Call) => call.path === `/v1${endpoint}`
const json = (call: Call): any => call.body === undefined ? undefined : tryParseJson(call.body)
const withBody = (call: Call, body: unknown): Call => ({ ...call, body: JSON.stringify(body) })
const withQuery = (call: Call, change: (q: URLSearchParams) => void): Call => {
  const query = new URLSearchParams(call.query)
  change(query)
  return { ...call, query }
}
const refusal = (status: number, title: string, description: string, code?: string): Answer =>
  ({ status, body: { title, description, ...(code === undefined ? {} : { code }) } })
const invalidField = (description: string) => refusal(400, 'Invalid Field Value', description, 'AbCdEfGh')

/** Answers `when` calls itself; sends the rest to the mock. */
const answering = (when: (c: Call) => boolean, answer: (c: Call) => Answer) => (mock: Server): Server =>
  async (call) => when(call) ? answer(call) : await mock(call)
/** Sends `when` calls to the mock changed; the rest as they are. */
const changingRequest = (when: (c: Call) => boolean, change: (c: Call) => Call) => (mock: Server): Server =>
  async (call) => await mock(when(call) ? change(call) : call)
/** Changes the mock's answer to `when` calls. */
const changingAnswer = (when: (c: Call) => boolean, change: (a: Answer, c: Call) => Answer) => (mock: Server): Server =>
  async (call) => when(call) ? change(await mock(call), call) : await mock(call)
/** Fetch answers from a mock on changed fixtures; everything else from the demo's. */
const fetchingFrom = (change: Parameters<typeof mockWhere>[0]) => async (mock: Server): Promise<Server> => {
  const other = await mockWhere(change)
  return async (call) => await (to(FETCH)(call) ? other : mock)(call)
}

const servedEntries = (a: Answer): any[] => a.status === 200 ? Object.values(a.body.experiences ?? {}) : []
const credentials = (c: Call): string[] => Buffer.from((c.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':')
const rightAuth = basic(DEMO.id, DEMO.key)
const demoKeys = new Set(demoFixtures.workspaces[0]!.experiences.map((e) => e.key))
const STATUSES: readonly ExperienceStatus[] = ['Active', 'Paused', 'Scheduled']
/** The status a value names in any letter case. */
const statusLike = (s: string) => STATUSES.find((x) => x.toLowerCase() === s.toLowerCase())
/** The status query's list as `change` leaves it. */
const statusList = (c: Call, change: (list: string[]) => string[]): Call => withQuery(c, (q) => {
  const value = q.get('status')
  if (value !== null) q.set('status', change(value.split(',')).join(','))
})
const PLATFORMS = ['web', 'android', 'ios', 'tv']
const actions = (c: Call): any[] => json(c)?.elements?.flatMap((e: any) => e.actions ?? []) ?? []
const stringIdentifiers = (c: Call) => to(FETCH)(c) && typeof json(c)?.identifiers?.user_identifiers === 'string'
const nativeBooleans = changingAnswer(to(FETCH), (a) => {
  for (const e of servedEntries(a)) {
    for (const v of Object.values<any>(e.payload)) if (v.data_type === 'boolean') v.value = v.value === 'true'
  }
  return a
})
const unsupported = (a: any) => a.platform !== undefined && !PLATFORMS.includes(String(a.platform).toLowerCase())
const unsupportedPlatform = (c: Call) => to(EVENTS)(c) && json(c)?.elements?.some((e: any) => e.actions?.some(unsupported))

// ── The variants ──

const VARIANTS: Variant[] = [
  // Headers and auth
  {
    name: 'a missing MOE-APPKEY is 401 Authentication required',
    fails: ['appkey.missing'],
    server: answering((c) => c.headers['moe-appkey'] === undefined, () => refusal(401, VENDOR.AUTH.title, VENDOR.AUTH.description))
  },
  {
    name: 'an unknown MOE-APPKEY is 401 Authentication required',
    fails: ['appkey.unknown'],
    server: answering((c) => c.headers['moe-appkey'] !== undefined && c.headers['moe-appkey'] !== DEMO.id, () => refusal(401, VENDOR.AUTH.title, VENDOR.AUTH.description))
  },
  {
    name: 'the workspace\'s id with a wrong key is let through',
    fails: ['auth.wrong-key'],
    server: changingRequest((c) => credentials(c)[0] === DEMO.id, (c) => ({ ...c, headers: { ...c.headers, authorization: rightAuth } }))
  },
  {
    name: 'a request without Authorization is let through',
    fails: ['auth.missing'],
    server: changingRequest((c) => c.headers.authorization === undefined, (c) => ({ ...c, headers: { ...c.headers, authorization: rightAuth } }))
  },
  {
    name: 'credentials of another user are 403 Forbidden',
    fails: ['auth.bad-credentials'],
    server: answering((c) => c.headers['moe-appkey'] === DEMO.id && c.headers.authorization !== undefined && credentials(c)[0] !== DEMO.id, () => refusal(403, '403 Forbidden', 'Not yours.'))
  },
  // Fetch
  {
    name: 'a fetch body that is not JSON is 400 Invalid Field Value "body - Not a valid mapping."',
    fails: ['fetch.malformed-json'],
    server: answering((c) => to(FETCH)(c) && c.body !== undefined && tryParseJson(c.body) === undefined, () => invalidField('body - Not a valid mapping.'))
  },
  {
    name: 'the DAY_OF_THE_WEEK enum sentence lists Monday first',
    fails: ['fetch.invalid-day'],
    server: changingAnswer(to(FETCH), (a) => a.status !== 400
      ? a
      : { ...a, body: { ...a.body, description: a.body.description.replace('[Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]', '[Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]') } })
  },
  {
    name: 'a TIME_OF_THE_DAY of "24" is served as "23"',
    fails: ['fetch.invalid-hour'],
    server: changingRequest((c) => to(FETCH)(c) && Number(json(c)?.TIME_OF_THE_DAY) > 23, (c) => withBody(c, { ...json(c), TIME_OF_THE_DAY: '23' }))
  },
  {
    name: 'the TIME_OF_THE_DAY error names the field after its reason',
    fails: ['fetch.invalid-hour'],
    server: changingAnswer(to(FETCH), (a) => a.status === 400 && /^TIME_OF_THE_DAY - /.test(a.body.description)
      ? { ...a, body: { ...a.body, description: `${a.body.description.replace(/^TIME_OF_THE_DAY - /, '')} (TIME_OF_THE_DAY)` } }
      : a)
  },
  {
    name: 'a fetch of unknown keys only is 400 "experience_key - No such experience."',
    fails: ['fetch.unknown-key'],
    server: answering(
      (c) => {
        const keys = json(c)?.experience_key
        return to(FETCH)(c) && Array.isArray(keys) && keys.length > 0 && keys.every((k: string) => !demoKeys.has(k))
      },
      () => invalidField('experience_key - No such experience.')
    )
  },
  {
    name: 'the cid names another variation than moe_variation_id',
    fails: ['fetch.active-key'],
    server: changingAnswer(to(FETCH), (a) => {
      for (const e of servedEntries(a)) e.experience_context.cid = e.experience_context.cid.replace(/_AB_(\d+)_/, (_: string, n: string) => `_AB_${Number(n) + 1}_`)
      return a
    })
  },
  {
    name: 'boolean payload values are sent as JSON booleans, not their text',
    // The target declares payload_values "string"; both cases that read the banner's variables observe "native".
    fails: ['fetch.active-key', 'fetch.payload-values'],
    server: nativeBooleans
  },
  {
    name: 'boolean payload values are sent as the numbers 1 and 0',
    fails: ['fetch.active-key', 'fetch.payload-values'],
    server: changingAnswer(to(FETCH), (a) => {
      for (const e of servedEntries(a)) {
        for (const v of Object.values<any>(e.payload)) if (v.data_type === 'boolean') v.value = v.value === 'true' ? 1 : 0
      }
      return a
    })
  },
  {
    name: 'experience_key [] serves nothing',
    fails: ['fetch.empty-key-list'],
    server: answering((c) => to(FETCH)(c) && json(c)?.experience_key?.length === 0, () => ({ status: 200, body: { experiences: {} } }))
  },
  {
    name: 'experience_key [] is 400 Invalid Field Value',
    fails: ['fetch.empty-key-list'],
    server: answering((c) => to(FETCH)(c) && json(c)?.experience_key?.length === 0, () => invalidField('experience_key - Shorter than minimum length 1.'))
  },
  {
    name: 'user_identifiers given as a string is served',
    fails: ['fetch.user-identifiers-string'],
    server: changingRequest(stringIdentifiers, (c) => withBody(c, { ...json(c), identifiers: {} }))
  },
  {
    name: 'user_identifiers given as a string is refused naming identifiers, not user_identifiers',
    fails: ['fetch.user-identifiers-string'],
    server: answering(stringIdentifiers, () => invalidField('identifiers - Not a valid mapping.'))
  },
  {
    name: 'fetches go in turn to two nodes that order the banner\'s variations oppositely (a customer\'s variation changes per call)',
    fails: ['fetch.sticky'],
    server: async (mock) => {
      const reversed = await mockWhere((experiences) => { for (const e of experiences) for (const a of e.audiences) a.variations.reverse() })
      let calls = 0
      return async (call) => await (to(FETCH)(call) && calls++ % 2 === 1 ? reversed : mock)(call)
    }
  },
  {
    name: 'only the first 24 keys are served',
    fails: ['fetch.key-limit'],
    server: changingRequest(
      (c) => to(FETCH)(c) && json(c)?.experience_key?.length > 24,
      (c) => withBody(c, { ...json(c), experience_key: json(c).experience_key.slice(0, 24) })
    )
  },
  {
    name: 'over 25 keys, the last 25 are served (the 26th too)',
    fails: ['fetch.key-limit'],
    server: changingRequest(
      (c) => to(FETCH)(c) && json(c)?.experience_key?.length > 25,
      (c) => withBody(c, { ...json(c), experience_key: json(c).experience_key.slice(-25) })
    )
  },
  {
    name: '26 keys are refused naming the body, not experience_key',
    fails: ['fetch.key-limit'],
    server: answering((c) => to(FETCH)(c) && json(c)?.experience_key?.length > 25, () => invalidField('body - Too many values in experience_key.'))
  },
  {
    name: 'Paused experiences are served',
    fails: ['fetch.paused-omitted'],
    server: fetchingFrom((experiences) => { for (const e of experiences) if (e.status === 'Paused') e.status = 'Active' })
  },
  {
    name: 'Scheduled experiences are served',
    fails: ['fetch.scheduled-omitted'],
    server: fetchingFrom((experiences) => {
      for (const e of experiences) {
        if (e.status === 'Scheduled') { e.status = 'Active'; delete e.schedule }
      }
    })
  },
  {
    name: 'audience conditions are ignored: everyone is in every audience',
    fails: ['fetch.targeted'],
    server: fetchingFrom((experiences) => {
      for (const a of experiences.flatMap((e) => e.audiences)) { a.all_users = true; delete a.conditions }
    })
  },
  // Metadata
  {
    name: 'without a status, count is the number of Active experiences',
    fails: ['metadata.all'],
    server: changingAnswer((c) => to(METADATA)(c) && !c.query.has('status'), (a) => {
      if (a.status === 200) a.body.metadata.count = a.body.metadata.experiences.filter((e: any) => e.status === 'Active').length
      return a
    })
  },
  {
    name: 'without a status, Scheduled experiences are left out',
    fails: ['metadata.all'],
    server: changingRequest((c) => to(METADATA)(c) && !c.query.has('status'), (c) => withQuery(c, (q) => q.set('status', 'Active,Paused')))
  },
  {
    name: 'of a list of statuses only the first is applied',
    fails: ['metadata.filter'],
    server: changingRequest(to(METADATA), (c) => statusList(c, (list) => list.slice(0, 1)))
  },
  {
    name: 'the status filter is ignored',
    // Each of the three asks with a status; a server that ignores it lists everything to all three.
    fails: ['metadata.filter', 'metadata.case-sensitive', 'metadata.unknown-status'],
    server: changingRequest(to(METADATA), (c) => withQuery(c, (q) => q.delete('status')))
  },
  {
    name: 'the status filter ignores letter case',
    fails: ['metadata.case-sensitive'],
    server: changingRequest(to(METADATA), (c) => statusList(c, (list) => list.map((s) => statusLike(s) ?? s)))
  },
  {
    name: 'a status that is none in any letter case is 400 Invalid Field Value',
    fails: ['metadata.unknown-status'],
    server: answering((c) => to(METADATA)(c) && (c.query.get('status') ?? '').split(',').some((s) => s !== '' && statusLike(s) === undefined),
      (c) => invalidField(`status - Enum doesnt allow value: ${c.query.get('status') ?? ''}, allowed values: [${STATUSES.join(', ')}]`))
  },
  {
    name: 'status= given empty lists nothing',
    fails: ['metadata.empty-status'],
    server: changingRequest((c) => to(METADATA)(c) && c.query.get('status') === '', (c) => withQuery(c, (q) => q.set('status', 'None')))
  },
  {
    name: 'POST metadata is answered like GET',
    fails: ['metadata.post'],
    server: changingRequest((c) => to(METADATA)(c) && c.method === 'POST', (c) => ({ ...c, method: 'GET' }))
  },
  {
    name: 'POST metadata is 404 Not Found',
    fails: ['metadata.post'],
    server: answering((c) => to(METADATA)(c) && c.method === 'POST', () => refusal(404, '404 Not Found', 'The requested resource could not be found.'))
  },
  // Events
  {
    name: 'the acknowledgement\'s req_id is a UUID',
    // events.duplicate-uuid sends events.valid's impression first and needs it acknowledged: whatever breaks
    // the acknowledgement of one breaks the other; events.missing-platform is acknowledged by the mock too.
    fails: ['events.valid', 'events.duplicate-uuid', 'events.missing-platform'],
    server: changingAnswer(to(EVENTS), (a) => a.status === 200 ? { ...a, body: { ...a.body, req_id: '5f0c6d0e-2b7a-4c1e-9f3a-0d8e6b1c2a47' } } : a)
  },
  {
    name: 'a moe_event_uuid sent again is refused',
    fails: ['events.duplicate-uuid'],
    server: (mock) => {
      const seen = new Set<string>()
      return async (call) => {
        const uuids: string[] = to(EVENTS)(call) ? (json(call)?.elements ?? []).flatMap((e: any) => (e.actions ?? []).map((a: any) => a.moe_event_uuid)) : []
        if (uuids.length > 0 && uuids.every((u) => seen.has(u))) return invalidField(elementError('actions'))
        for (const u of uuids) seen.add(u)
        return await mock(call)
      }
    }
  },
  {
    name: 'an unknown action is recorded as an impression',
    fails: ['events.invalid-action'],
    server: changingRequest(to(EVENTS), (c) => {
      const body = json(c)
      for (const a of body?.elements?.flatMap((e: any) => e.actions ?? []) ?? []) if (![SHOWN, CLICKED].includes(a.action)) a.action = SHOWN
      return withBody(c, body)
    })
  },
  {
    name: 'an unsupported platform is refused naming the field "platform"',
    fails: ['events.invalid-platform'],
    server: answering(unsupportedPlatform, () => invalidField(elementError('platform')))
  },
  {
    name: 'every events refusal names the field "actions"',
    fails: ['events.invalid-offset'],
    server: changingAnswer(to(EVENTS), (a) => a.status === 400 ? { ...a, body: { ...a.body, description: elementError('actions') } } : a)
  },
  {
    name: 'an action without platform is refused',
    fails: ['events.missing-platform'],
    server: answering((c) => to(EVENTS)(c) && actions(c).some((a: any) => a.platform === undefined), () => invalidField(elementError('actions')))
  },
  {
    name: 'an event_time in milliseconds is accepted',
    fails: ['events.millisecond-time'],
    server: changingRequest((c) => to(EVENTS)(c) && actions(c).some((a: any) => a.event_time > 9999999999), (c) => {
      const body = json(c)
      for (const a of body.elements.flatMap((e: any) => e.actions)) if (a.event_time > 9999999999) a.event_time = Math.floor(a.event_time / 1000)
      return withBody(c, body)
    })
  },
  {
    name: 'a user_timezone_offset of 54001 is accepted',
    fails: ['events.invalid-offset'],
    server: changingRequest(to(EVENTS), (c) => {
      const clamp = (offset: number) => Math.max(-54000, Math.min(54000, offset))
      const elements = json(c)?.elements?.map((e: any) => ({ ...e, user_timezone_offset: clamp(e.user_timezone_offset ?? 0) }))
      return withBody(c, { ...json(c), elements })
    })
  }
]

/**
 * Servers that give the other answer the documents allow, declaring that behaviour: every case passes, and the
 * case observes the declared value.
 */
const ALLOWED: Array<{ name: string, declares: Behaviour, observed: [string, SwitchName], server: Variant['server'] }> = [
  {
    name: '26 keys are refused naming experience_key',
    declares: { keys_over_limit: 'reject' },
    observed: ['fetch.key-limit', 'keys_over_limit'],
    server: answering((c) => to(FETCH)(c) && json(c)?.experience_key?.length > 25, () => invalidField('experience_key - Length must be at most 25.'))
  },
  {
    name: 'boolean payload values are sent as JSON booleans',
    declares: { payload_values: 'native' },
    observed: ['fetch.payload-values', 'payload_values'],
    server: nativeBooleans
  },
  {
    name: 'an unsupported platform is recorded as Unknown',
    declares: { events_platform_unsupported: 'unknown' },
    observed: ['events.invalid-platform', 'events_platform_unsupported'],
    server: changingRequest(unsupportedPlatform, (c) => {
      const body = json(c)
      for (const a of body.elements.flatMap((e: any) => e.actions)) delete a.platform
      return withBody(c, body)
    })
  }
]

/**
 * events.valid sends nothing events.duplicate-uuid does not send first, and fetch.payload-values (with the demo
 * profile) sends what fetch.active-key sends: no server can fail them alone.
 */
const SUBSUMED: Record<string, string> = { 'events.valid': 'events.duplicate-uuid', 'fetch.payload-values': 'fetch.active-key' }

// ── The tests ──

// The variants stand in for the mock: the target declares the mock's default behaviour.
const target: ResolvedTarget = {
  name: 'variant', kind: 'mock', baseUrl: BASE, workspaceId: DEMO.id, apiKey: DEMO.key, profile: demoProfile, allowWrites: true, requestsPerMinute: undefined, behaviour: DEFAULT_BEHAVIOUR
}
const base = mockOn(demoFixtures)
const run = async (server: Variant['server'], behaviour: BehaviourSwitches = DEFAULT_BEHAVIOUR): Promise<ContractReport> =>
  await runContracts({ ...target, behaviour }, { fetch: asFetch(await server(await base)) })
const failing = (report: ContractReport) => report.cases.filter((c) => c.outcome !== 'passed').map((c) => c.id).sort()

t.test('the unmutated mock, through the same in-process fetch, passes every case', async (t) => {
  const report = await run((mock) => mock)
  t.strictSame(report.cases.filter((c) => c.outcome !== 'passed').map((c) => [c.id, c.failures, c.reason]), [])
  t.equal(report.summary.passed, CONTRACT_CASES.length)
})

t.test('each variant fails exactly the cases whose behaviour it changes', async (t) => {
  const reports = await Promise.all(VARIANTS.map(async (v) => await run(v.server)))
  VARIANTS.forEach((v, i) => {
    const report = reports[i]!
    t.strictSame(failing(report), [...v.fails].sort(), v.name, { failures: report.cases.filter((c) => c.outcome !== 'passed').map((c) => [c.id, c.failures]) })
  })
})

t.test('where the documents allow two answers, the other answer passes when the target declares it, and is observed', async (t) => {
  for (const v of ALLOWED) {
    const behaviour = resolveBehaviour(DEFAULT_BEHAVIOUR, v.declares)
    const report = await run(v.server, behaviour)
    t.strictSame(failing(report), [], v.name)
    const [caseId, name] = v.observed
    t.strictSame(report.cases.find((c) => c.id === caseId)?.observations?.filter((o) => o.switch === name).map((o) => o.value), [behaviour[name]], `${v.name}: observed`)
  }
})

t.test('every case is failed by some variant, and alone by one unless another case sends all it sends', async (t) => {
  const ids = CONTRACT_CASES.map((c) => c.id)
  t.strictSame(ids.filter((id) => !VARIANTS.some((v) => v.fails.includes(id))), [], 'no case that no variant breaks')
  t.strictSame(ids.filter((id) => SUBSUMED[id] === undefined && !VARIANTS.some((v) => v.fails.length === 1 && v.fails[0] === id)), [], 'every other case has a variant that fails it alone')
  for (const [id, by] of Object.entries(SUBSUMED)) t.ok(VARIANTS.some((v) => v.fails.includes(id) && v.fails.includes(by)), `${id} fails with ${by}`)
  t.equal(new Set(VARIANTS.map((v) => v.name)).size, VARIANTS.length, 'variant names are unique')
})
