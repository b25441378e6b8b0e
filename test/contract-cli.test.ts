// `personalize-mock contract` as a user runs it: the mock target, the live target pointed at a separately
// started mock (exactly as one would point it at sdk-01.moengage.com), and --compare. In-process through run(),
// and the default run once in a real process.
import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import { baseUrlOf, cli, cliInProcess, root, serving } from './helpers/cli.js'
import { writeTemp } from './helpers/temp.js'
import { violations } from './helpers/schemas.js'
import { CONTRACT_CASES } from '../src/contracts/cases/index.js'
import type { ContractReport, FixtureFile } from '../src/generated/types.js'

const KEY = 'demo-personalize-key'
const BASIC = Buffer.from(`DEMO_WORKSPACE:${KEY}`).toString('base64')
const PROFILE = `${root}/fixtures/demo-profile.json`
const writing = CONTRACT_CASES.filter((c) => c.writes).length

/** A mock started by `serve`, standing in for the real API. */
async function separateMock (t: Test, args: string[] = []): Promise<string> {
  return baseUrlOf(await serving(t, ['serve', '--port', '0', ...args]).banner)
}

const liveFlags = (baseUrl: string) => ['--target', 'live', '--base-url', baseUrl, '--workspace-id', 'DEMO_WORKSPACE', '--api-key', KEY, '--rate', '10000']

function noSecrets (t: Test, text: string): void {
  t.notMatch(text, KEY, 'the API key is never printed')
  t.notMatch(text, BASIC, 'nor the Basic credentials')
}

t.test('in a process: contract (default target: a mock on the demo fixtures) passes every case and exits 0', async (t) => {
  const res = await cli(['contract'])
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, `${CONTRACT_CASES.length} passed, 0 failed, 0 skipped`)
})

t.test('the live target runs unchanged against a separately started mock; writing cases wait for --allow-writes', async (t) => {
  const baseUrl = await separateMock(t)
  const readOnly = await cliInProcess(['contract', ...liveFlags(baseUrl), '--profile', PROFILE, '--reporter', 'json'])
  t.equal(readOnly.code, 0, readOnly.stderr)
  const report = JSON.parse(readOnly.stdout) as ContractReport
  t.strictSame(violations('contract-report.schema.json', report), [])
  t.strictSame(report.targets, [{ name: 'live', kind: 'live', base_url: baseUrl }])
  t.strictSame(report.summary, { passed: CONTRACT_CASES.length - writing, failed: 0, skipped: writing, identical: 0, different: 0 })
  noSecrets(t, readOnly.stdout + readOnly.stderr)

  const withWrites = await cliInProcess(['contract', ...liveFlags(baseUrl), '--profile', PROFILE, '--allow-writes'])
  if (!t.equal(withWrites.code, 0, 'exit 0 with --allow-writes')) t.comment(withWrites.stdout)
  t.match(withWrites.stdout, `${CONTRACT_CASES.length} passed, 0 failed, 0 skipped`)
  noSecrets(t, withWrites.stdout + withWrites.stderr)
})

t.test('live credentials can come from the environment; --output writes the report to a file', async (t) => {
  const baseUrl = await separateMock(t)
  const out = writeTemp(t, 'report.xml', '')
  const res = await cliInProcess(['contract', '--target', 'live', '--profile', PROFILE, '--rate', '10000', '--reporter', 'junit', '--output', out], {
    PERSONALIZE_BASE_URL: baseUrl, PERSONALIZE_WORKSPACE_ID: 'DEMO_WORKSPACE', PERSONALIZE_API_KEY: KEY
  })
  t.equal(res.code, 0, res.stderr)
  t.equal(res.stdout, '')
  const xml = readFileSync(out, 'utf8')
  t.match(xml, `<testsuites tests="${CONTRACT_CASES.length}" failures="0" skipped="${writing}"`)
  noSecrets(t, xml)
})

t.test('--base-url on the command line replaces the data center of the environment', async (t) => {
  const baseUrl = await separateMock(t)
  const res = await cliInProcess(['contract', ...liveFlags(baseUrl), '--profile', PROFILE], { PERSONALIZE_DATA_CENTER: '01' })
  t.equal(res.code, 0, res.stderr)
})

t.test('a base URL with credentials in it is refused, and not echoed', async (t) => {
  const res = await cliInProcess(['contract', '--target', 'live', '--base-url', 'https://someone:hunter2@sdk-01.moengage.com/v1', '--workspace-id', 'W', '--api-key', 'k'])
  t.equal(res.code, 2)
  t.match(res.stderr, 'without credentials in it')
  t.notMatch(res.stderr, 'hunter2')
})

t.test('a wrong key against the live target fails the run with exit 1', async (t) => {
  const baseUrl = await separateMock(t)
  const res = await cliInProcess(['contract', '--target', 'live', '--base-url', baseUrl, '--workspace-id', 'DEMO_WORKSPACE', '--api-key', 'not-the-key', '--rate', '10000', '--profile', PROFILE])
  t.equal(res.code, 1)
  t.match(res.stdout, /FAIL fetch\.unknown-key/)
  t.notMatch(res.stdout, 'not-the-key')
})

t.test('--compare names the one payload that differs between the live target and the mock fixtures', async (t) => {
  const baseUrl = await separateMock(t)
  const demo = JSON.parse(readFileSync(`${root}/fixtures/demo.json`, 'utf8')) as FixtureFile
  const changed = structuredClone(demo)
  const banner = changed.workspaces[0]!.experiences.find((e) => e.key === 'homepage-banner')!
  for (const v of banner.audiences[0]!.variations) v.payload.ImageURL = { value: 'https://cdn.example.com/other.jpg', data_type: 'string' }
  const file = writeTemp(t, 'my-fixtures.json', JSON.stringify(changed))
  const res = await cliInProcess(['contract', '--compare', '--base-url', baseUrl, '--workspace-id', 'DEMO_WORKSPACE', '--api-key', KEY, '--rate', '10000', '--profile', PROFILE, '--fixtures', file, '--reporter', 'json'])
  t.equal(res.code, 1, 'a difference is a failing exit')
  const report = JSON.parse(res.stdout) as ContractReport
  t.equal(report.mode, 'compare')
  t.strictSame(report.targets.map((x) => x.name), ['live', 'mock'])
  const paths = new Set(report.cases.flatMap((c) => c.differences.map((d) => d.path)))
  t.strictSame([...paths], ['body.experiences.homepage-banner.payload.ImageURL.value'])
  t.ok(report.summary.different > 0 && report.summary.identical > 0)
  noSecrets(t, res.stdout + res.stderr)

  const same = await cliInProcess(['contract', '--compare', '--base-url', baseUrl, '--workspace-id', 'DEMO_WORKSPACE', '--api-key', KEY, '--rate', '10000', '--profile', PROFILE])
  if (!t.equal(same.code, 0, 'identical targets: exit 0')) t.comment(same.stdout)
  t.match(same.stdout, /\d+ identical, 0 different, \d+ skipped/)
})

t.test('usage errors exit 2 and never echo a credential', async (t) => {
  for (const args of [['contract', '--target', 'staging'], ['contract', '--compare', '--target', 'mock'], ['contract', '--reporter', 'xml'], ['contract', '--rate', '0'], ['contract', '--port', '1']]) {
    const res = await cliInProcess(args)
    t.equal(res.code, 2, args.join(' '))
  }
  const missing = await cliInProcess(['contract', '--target', 'live', '--api-key', 'secret-value-123'])
  t.equal(missing.code, 2)
  t.match(missing.stderr, 'the live target needs --base-url or --data-center (PERSONALIZE_BASE_URL / PERSONALIZE_DATA_CENTER), --workspace-id (PERSONALIZE_WORKSPACE_ID)')
  t.notMatch(missing.stderr, 'secret-value-123')
  const badProfile = await cliInProcess(['contract', '--profile', writeTemp(t, 'p.json', '{"paused_key": 3}')])
  t.equal(badProfile.code, 1)
  t.match(badProfile.stderr, /p\.json: \/paused_key: must be string/)
})
