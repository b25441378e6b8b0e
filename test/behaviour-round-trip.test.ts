// The loop the behaviour catalogue closes: a contract run against a target writes down the behaviour it showed,
// and a mock loaded with that file answers the suite's requests as the target did. The "live" target here is a
// mock with switches flipped, reached over a real socket like the real API.
import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import { behaviourFromReport } from '../src/contracts/behaviour-file.js'
import { compareTargets, runContracts } from '../src/contracts/runner.js'
import type { ResolvedTarget } from '../src/contracts/target.js'
import { startMockTarget } from '../src/cli/contract.js'
import { BEHAVIOUR_CATALOGUE, DEFAULT_BEHAVIOUR, loadBehaviourDocument } from '../src/fixtures/behaviour.js'
import { startMockServer } from '../src/server/start.js'
import type { Behaviour, ContractProfile } from '../src/generated/types.js'
import { DEMO } from './helpers/server.js'
import { FLIPPED } from './helpers/behaviour.js'

const demoProfile = JSON.parse(readFileSync(new URL('../fixtures/demo-profile.json', import.meta.url), 'utf8')) as ContractProfile
const switchesOf = (b: Behaviour) => Object.fromEntries(BEHAVIOUR_CATALOGUE.filter((s) => b[s.name] !== undefined).map((s) => [s.name, b[s.name]]))

/** A mock with `behaviour`, as a live target: it declares nothing, so the suite learns what it does. */
async function liveMock (t: Test, behaviour: Behaviour | undefined, allowWrites = true): Promise<ResolvedTarget> {
  const mock = await startMockServer({ ...(behaviour === undefined ? {} : { behaviour }), rateLimit: false })
  t.teardown(mock.close)
  return { name: 'live', kind: 'live', baseUrl: mock.baseUrl, workspaceId: DEMO.id, apiKey: DEMO.key, profile: demoProfile, allowWrites, requestsPerMinute: undefined }
}

t.test('a run against a target with every switch flipped writes exactly the flipped values, with evidence', async (t) => {
  const live = await liveMock(t, FLIPPED)
  const report = await runContracts(live)
  t.equal(report.summary.failed, 0, 'every documented answer passes against a target that declares nothing')
  const host = new URL(live.baseUrl).host
  const { behaviour, conflicts } = behaviourFromReport(report, host)
  t.strictSame(conflicts, [])
  t.strictSame(switchesOf(behaviour), { ...FLIPPED })
  t.strictSame(loadBehaviourDocument(behaviour, 'written'), behaviour, 'the file written is a valid behaviour document')
  for (const s of BEHAVIOUR_CATALOGUE) {
    const evidence = behaviour.evidence?.[s.name]
    t.match(evidence, { case: String, status: Number, excerpt: String, observed_at: report.started_at, target: host }, `${s.name} has evidence`)
    t.ok(report.cases.some((c) => c.id === evidence?.case), `${s.name}: the evidence names a case of the run`)
  }
  t.match(behaviour.evidence?.keys_over_limit, { case: 'fetch.key-limit', status: 400, excerpt: /experience_key - / })
  t.match(behaviour.evidence?.payload_values, { status: 200, excerpt: /"value":(true|false|\d)/ })
})

t.test('a run against a default target writes the defaults', async (t) => {
  const { behaviour } = behaviourFromReport(await runContracts(await liveMock(t, undefined)), 'example')
  t.strictSame(switchesOf(behaviour), { ...DEFAULT_BEHAVIOUR })
})

t.test('without writes allowed, the switches only events show are left out, not guessed', async (t) => {
  const { behaviour } = behaviourFromReport(await runContracts(await liveMock(t, FLIPPED, false)), 'example')
  t.strictSame(Object.keys(switchesOf(behaviour)).sort(),
    ['empty_experience_key', 'keys_over_limit', 'metadata_empty_status', 'metadata_post', 'payload_values', 'user_identifiers_string'])
})

t.test('a mock loaded with the written file answers the suite\'s requests as the target does; a default mock does not', async (t) => {
  const live = await liveMock(t, FLIPPED)
  const { behaviour } = behaviourFromReport(await runContracts(live), 'example')
  const learnt = await startMockTarget(undefined, demoProfile, DEMO.id, behaviour)
  t.teardown(() => learnt.app.close())
  const same = await compareTargets(live, learnt.target)
  t.strictSame(same.cases.filter((c) => c.outcome !== 'identical').map((c) => [c.id, c.differences]), [])
  const plain = await startMockTarget(undefined, demoProfile, DEMO.id)
  t.teardown(() => plain.app.close())
  const differing = await compareTargets(live, plain.target)
  t.ok(differing.summary.different >= 9, `the flipped target differs from a default mock in ${differing.summary.different} cases`)
})

t.test('a case that sees the target answer both ways leaves the switch out and names it', async (t) => {
  const report = await runContracts(await liveMock(t, undefined))
  const keyLimit = report.cases.find((c) => c.id === 'fetch.key-limit')!
  keyLimit.observations = [...(keyLimit.observations ?? []), { ...keyLimit.observations![0]!, value: 'reject' }]
  const { behaviour, conflicts } = behaviourFromReport(report, 'example')
  t.equal(behaviour.keys_over_limit, undefined)
  t.strictSame(conflicts, ['keys_over_limit: the target answered as "first_25" and as "reject"'])
})
