// The contract suite in-process: every case passes against the mock over a real socket; skips, failures,
// comparison, pacing, redaction and the report formats behave as documented.
import t, { type Test } from 'tap'
import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { CONTRACT_CASES } from '../src/contracts/cases/index.js'
import { compareTargets, exitCodeOf, runContracts } from '../src/contracts/runner.js'
import { REPORTERS } from '../src/contracts/reporters/index.js'
import { pacedFetch } from '../src/contracts/pacer.js'
import { redactor } from '../src/client/redact.js'
import { diffValues, normalizeAnswer } from '../src/contracts/normalize.js'
import type { ResolvedTarget } from '../src/contracts/target.js'
import { startMockTarget } from '../src/cli/contract.js'
import type { ContractProfile, ContractReport, FixtureFile } from '../src/generated/types.js'
import { DEFAULT_BEHAVIOUR, resolveBehaviour } from '../src/fixtures/behaviour.js'
import { violations } from './helpers/schemas.js'
import { writeTemp } from './helpers/temp.js'

const demoProfile = JSON.parse(readFileSync(new URL('../fixtures/demo-profile.json', import.meta.url), 'utf8')) as ContractProfile
const demoFixtures = JSON.parse(readFileSync(new URL('../fixtures/demo.json', import.meta.url), 'utf8')) as FixtureFile

async function mockTarget (t: Test, profile: ContractProfile = demoProfile, fixtures?: string): Promise<ResolvedTarget> {
  const { app, target } = await startMockTarget(fixtures, profile)
  t.teardown(() => app.close())
  return target
}

t.test('every contract case passes against the mock over a real socket, none skipped', async (t) => {
  const report = await runContracts(await mockTarget(t))
  t.strictSame(violations('contract-report.schema.json', report), [])
  t.strictSame(report.cases.filter((c) => c.outcome !== 'passed').map((c) => [c.id, c.failures, c.reason]), [])
  t.equal(report.summary.passed, CONTRACT_CASES.length)
  t.equal(exitCodeOf(report), 0)
})

t.test('the cases cover what the issue lists', async (t) => {
  const ids = CONTRACT_CASES.map((c) => c.id)
  for (const id of ['appkey.missing', 'appkey.unknown', 'auth.wrong-key', 'fetch.malformed-json', 'fetch.invalid-day', 'fetch.unknown-key',
    'fetch.active-key', 'fetch.sticky', 'fetch.key-limit', 'fetch.paused-omitted', 'fetch.scheduled-omitted', 'fetch.targeted',
    'metadata.filter', 'metadata.case-sensitive', 'metadata.all', 'events.valid', 'events.invalid-action', 'events.invalid-platform',
    'events.invalid-offset', 'events.duplicate-uuid']) {
    t.ok(ids.includes(id), id)
  }
  t.equal(new Set(ids).size, ids.length, 'ids are unique')
  t.ok(CONTRACT_CASES.filter((c) => c.id.startsWith('events.')).every((c) => c.writes), 'every events case is marked as writing')
})

t.test('cases whose profile entries are missing are skipped, saying which', async (t) => {
  const report = await runContracts(await mockTarget(t, { active_all_users_key: 'homepage-banner' }))
  const skipped = Object.fromEntries(report.cases.filter((c) => c.outcome === 'skipped').map((c) => [c.id, c.reason]))
  t.match(skipped, {
    'fetch.paused-omitted': 'needs paused_key in the profile of mock',
    'fetch.scheduled-omitted': 'needs scheduled_key in the profile of mock',
    'fetch.targeted': 'needs targeted in the profile of mock'
  })
  t.equal(report.summary.failed, 0)
})

t.test('on a target that does not allow writes, the events cases are skipped', async (t) => {
  const target = { ...await mockTarget(t), kind: 'live' as const, allowWrites: false }
  const report = await runContracts(target)
  const writes = report.cases.filter((c) => c.id.startsWith('events.'))
  t.ok(writes.length > 0 && writes.every((c) => c.outcome === 'skipped' && /pass --allow-writes/.test(c.reason ?? '')))
})

t.test('a target that breaks the contract fails, with every violation listed and no credential', async (t) => {
  // Answers 200 {"experiences": 5} to everything: wrong status for errors, a schema violation for fetch.
  const server: Server = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"experiences": 5, "extra": true}') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const { port } = server.address() as { port: number }
  const target: ResolvedTarget = { name: 'broken', kind: 'live', baseUrl: `http://127.0.0.1:${port}/v1`, workspaceId: 'W', apiKey: 'super-secret-key', profile: demoProfile, allowWrites: true, requestsPerMinute: undefined }
  const report = await runContracts(target)
  t.equal(exitCodeOf(report), 1)
  t.equal(report.summary.passed, 0)
  const unknown = report.cases.find((c) => c.id === 'fetch.unknown-key')
  t.strictSame(unknown?.failures, ['fetch: fetch-response.schema.json /experiences must be object'])
  t.strictSame(unknown?.notes, ['fetch: fetch-response.schema.json (root) has a field the schema does not list: "extra"'], 'an unlisted field is a note, not a failure')
  t.notMatch(JSON.stringify(report), 'super-secret-key')
  t.notMatch(JSON.stringify(report), Buffer.from('W:super-secret-key').toString('base64'))
})

t.test('a server that echoes the credentials, cut anywhere, leaks no part of them into the report', async (t) => {
  const apiKey = 'k9Zq2Xw7Lm4Rt8VbQ3'
  const workspaceId = 'wsQ7r2LkP'
  const basic = Buffer.from(`${workspaceId}:${apiKey}`).toString('base64')
  // The echo starts at a different offset per request, so the report's cuts fall inside the secret somewhere.
  let n = 0
  const server: Server = createServer((req, res) => {
    res.statusCode = 400
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ title: 'x'.repeat(n++ * 7 % 300), description: `${String(req.headers.authorization)} ${String(req.headers['moe-appkey'])} ${apiKey}` }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const { port } = server.address() as { port: number }
  const target: ResolvedTarget = { name: 'echo', kind: 'live', baseUrl: `http://127.0.0.1:${port}/v1`, workspaceId, apiKey, profile: demoProfile, allowWrites: true, requestsPerMinute: undefined }
  const report = JSON.stringify(await runContracts(target)) + REPORTERS.pretty(await runContracts(target))
  for (const secret of [apiKey, basic, workspaceId]) {
    for (let i = 0; i + 8 <= secret.length; i++) t.notOk(report.includes(secret.slice(i, i + 8)), `no 8 characters of a secret from offset ${i}`)
  }
  t.match(report, '[redacted]')
})

t.test('a live run is paced across all its cases, not per case', async (t) => {
  const waits: number[] = []
  const requests: number[] = []
  const counting = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    requests.push(1)
    return globalThis.fetch(input, init)
  }) as typeof fetch
  const target = { ...await mockTarget(t), requestsPerMinute: 60 }
  // The pacer's clock stands still: each wait says when its slot is, however long the requests take.
  await runContracts(target, { fetch: counting, sleep: async (ms) => { waits.push(ms) }, now: () => 0 })
  t.ok(requests.length > 10, `the run sent ${requests.length} requests`)
  t.strictSame(waits, requests.slice(1).map((_, i) => (i + 1) * 1000), 'request n waits (n - 1) s at 60/min: one slot per request across the run')
})

t.test('a target where the profile\'s Paused key is served fails that case, and only the cases that see it', async (t) => {
  const lying = structuredClone(demoFixtures)
  lying.workspaces[0]!.experiences.find((e) => e.key === 'cart-upsell')!.status = 'Active'
  const report = await runContracts(await mockTarget(t, demoProfile, writeTemp(t, 'lying.json', JSON.stringify(lying))))
  t.strictSame(report.cases.filter((c) => c.outcome === 'failed').map((c) => c.id).sort(), ['fetch.paused-omitted', 'metadata.all'])
  t.match(report.cases.find((c) => c.id === 'fetch.paused-omitted')?.failures, [/fetch: body: expected \{"experiences":\{\}\}, got \{"experiences":\{"cart-upsell"/])
})

t.test('where the documents allow two answers the case observes which one the target gave; a mock must give its behaviour\'s', async (t) => {
  const target = await mockTarget(t)
  const observed = (report: ContractReport, id: string) => report.cases.find((c) => c.id === id)?.observations?.map((o) => [o.switch, o.value])
  const report = await runContracts(target)
  t.strictSame(observed(report, 'events.invalid-platform'), [['events_platform_unsupported', 'reject']])
  t.strictSame(observed(report, 'fetch.key-limit'), [['keys_over_limit', 'first_25']])
  t.strictSame(report.cases.find((c) => c.id === 'fetch.key-limit')?.notes, [], 'a mock declares its behaviour: nothing to note')
  // A target that declares no behaviour (the real API): whatever it shows passes, and is noted.
  const learnt = await runContracts({ ...target, behaviour: undefined })
  t.strictSame(learnt.cases.find((c) => c.id === 'fetch.key-limit')?.notes, ['26 keys: the target answers as behaviour keys_over_limit "first_25"'])
  t.equal(learnt.summary.failed, 0)
  const declaredOtherwise = await runContracts({ ...target, behaviour: resolveBehaviour(DEFAULT_BEHAVIOUR, { keys_over_limit: 'reject' }) })
  t.strictSame(declaredOtherwise.cases.filter((c) => c.outcome === 'failed').map((c) => [c.id, c.failures]),
    [['fetch.key-limit', ['26 keys: the target\'s behaviour has keys_over_limit "reject", but it answered as "first_25" (HTTP 200)']]])
})

t.test('compare reports no difference between two mocks on the same fixtures', async (t) => {
  const report = await compareTargets(await mockTarget(t), await mockTarget(t))
  t.strictSame(violations('contract-report.schema.json', report), [])
  t.strictSame(report.cases.filter((c) => c.outcome !== 'identical').map((c) => [c.id, c.differences]), [])
  t.equal(exitCodeOf(report), 0)
})

t.test('compare names the payload variable that differs between two fixtures', async (t) => {
  const changed = structuredClone(demoFixtures)
  for (const v of changed.workspaces[0]!.experiences[0]!.audiences[0]!.variations) v.payload.Title = { value: 'Changed title', data_type: 'string' }
  const file = writeTemp(t, 'changed.json', JSON.stringify(changed))
  const report = await compareTargets(await mockTarget(t), await mockTarget(t, demoProfile, file))
  t.equal(exitCodeOf(report), 1)
  const different = report.cases.filter((c) => c.outcome === 'different')
  t.ok(different.length > 0)
  const paths = different.flatMap((c) => c.differences.map((d) => d.path))
  t.ok(paths.every((p) => p === 'body.experiences.homepage-banner.payload.Title.value'), paths.join(', '))
  t.match(different[0]?.differences[0], { left: /^"(Free shipping|10% off)/, right: '"Changed title"' })
})

t.test('normalisation masks codes, req_ids and the campaign part of cids, nothing else', async (t) => {
  const res = (json: unknown) => ({ status: 200, headers: new Headers(), text: JSON.stringify(json), json, attempts: 1 })
  t.strictSame(normalizeAnswer(res({ title: 'T', code: 'AbCdEfGh', req_id: 'ZZZZZZZZ', cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_2_P_0_AU_5A', other: 'AbCdEfGh' })).body,
    { title: 'T', code: '<8 letters>', req_id: '<8 letters>', cid: '<24 hex>_F_T_WP_AB_2_P_0_AU_5A', other: 'AbCdEfGh' })
  t.strictSame(diffValues({ a: 1, b: [1, 2], c: { d: 'x' } }, { a: '1', b: [1], e: null, c: { d: 'x' } }), [
    { path: 'a', left: '1', right: '"1"' },
    { path: 'b', left: '[1,2]', right: '[1]' },
    { path: 'e', left: '(absent)', right: 'null' }
  ])
})

t.test('pacing spaces live requests evenly at the given rate', async (t) => {
  const waits: number[] = []
  let now = 5_000
  const fetch = pacedFetch((async () => new Response('{}')) as typeof globalThis.fetch, 60, { sleep: async (ms) => { waits.push(ms) }, now: () => now })
  await Promise.all([fetch('x'), fetch('x'), fetch('x')])
  t.strictSame(waits, [1000, 2000], 'the first request goes at once, the next two 1 s and 2 s later at 60/min')
  now += 10_000
  await fetch('x')
  t.strictSame(waits, [1000, 2000], 'a request after the slots have passed goes at once')
})

t.test('the redactor masks the key, the Basic credentials and the workspace id', async (t) => {
  const redact = redactor('WORKSPACE', 'my-api-key')
  t.equal(redact(`WORKSPACE: key my-api-key in Basic ${Buffer.from('WORKSPACE:my-api-key').toString('base64')}`), '[redacted]: key [redacted] in Basic [redacted]')
})

t.test('reporters: TAP 14, JUnit XML and JSON carry every case and its problems', async (t) => {
  const report = await runContracts(await mockTarget(t, { active_all_users_key: 'no-such-active-key' }))
  t.ok(report.summary.failed > 0 && report.summary.skipped > 0)
  const tap = REPORTERS.tap(report)
  t.match(tap, /^TAP version 14\n1\.\.\d+\n/)
  t.equal(tap.match(/^ok \d+ /gm)?.length, report.summary.passed + report.summary.skipped)
  t.equal(tap.match(/^not ok \d+ /gm)?.length, report.summary.failed)
  t.match(tap, /# SKIP needs paused_key/)
  const xml = REPORTERS.junit(report)
  t.match(xml, `<testsuites tests="${report.cases.length}" failures="${report.summary.failed}" skipped="${report.summary.skipped}"`)
  t.equal(xml.match(/<testcase /g)?.length, report.cases.length)
  t.equal(xml.match(/<failure /g)?.length, report.summary.failed)
  t.strictSame(violations('contract-report.schema.json', JSON.parse(REPORTERS.json(report))), [])
  const pretty = REPORTERS.pretty(report)
  t.match(pretty, `${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped`)
  t.match(pretty, /FAIL fetch\.active-key: .*\n {7}- fetch: "no-such-active-key" was not served/)
})
