import t from 'tap'
import { loadFixtureDocument, loadFixtureFile, loadFixtureText } from '../src/fixtures/load.js'
import { FixtureError, formatProblem, type FixtureProblem } from '../src/fixtures/problems.js'
import { audience, experience, fixtureFile, variation, workspace } from './helpers/fixtures.js'

function problemsOf (fn: () => unknown): readonly FixtureProblem[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof FixtureError) return err.problems
    throw err
  }
  throw new Error('the fixture was accepted')
}

const refuse = (doc: unknown) => problemsOf(() => loadFixtureDocument(doc, 'bad.json'))

t.test('a file that is not JSON is refused with the line and column', async (t) => {
  const [p] = problemsOf(() => loadFixtureText('{\n  "workspaces": [\n    oops\n  ]\n}', 'broken.json'))
  t.match(p, { file: 'broken.json', pointer: '', message: /^not valid JSON: .*\(line 3, column 5\)$/ })
})

t.test('a missing file is refused naming it', async (t) => {
  const err: unknown = await loadFixtureFile('does/not/exist.json').catch((e: unknown) => e)
  t.ok(err instanceof FixtureError)
  t.match((err as FixtureError).problems, [{ file: 'does/not/exist.json', pointer: '', message: /^cannot read the file: ENOENT/ }])
})

t.test('schema violations are all reported, each with its JSON pointer', async (t) => {
  const doc = fixtureFile(workspace({
    experiences: [
      experience('abc', { name: 'Hi' }),
      experience('fine-key', { status: 'Running' as never })
    ]
  }))
  const problems = refuse(doc)
  t.strictSame(problems.map((p) => p.pointer), [
    '/workspaces/0/experiences/0/key',
    '/workspaces/0/experiences/0/name',
    '/workspaces/0/experiences/1/status'
  ])
  t.match(problems[0]?.message, 'must NOT have fewer than 5 characters')
  t.match(problems[2]?.message, '"Running" is not one of "Active", "Paused", "Scheduled"')
  t.ok(problems.every((p) => p.file === 'bad.json'))
})

t.test('the message names the file, the pointer and the reason', async (t) => {
  const [p] = refuse(fixtureFile(workspace({ experiences: [experience('abc')] })))
  t.equal(formatProblem(p as FixtureProblem), 'bad.json: /workspaces/0/experiences/0/key: must NOT have fewer than 5 characters')
})

const cases: Array<[string, unknown, string, RegExp | string]> = [
  ['an unknown property (a typo)', fixtureFile(workspace({ experiences: [{ ...experience('typo-key'), staus: 'Active' } as never] })),
    '/workspaces/0/experiences/0', 'unknown property "staus"'],
  ['a missing required property', { workspaces: [{ id: 'W', experiences: [] }] }, '/workspaces/0', 'missing required property "personalize_api_key"'],
  ['a key longer than 50 characters', fixtureFile(workspace({ experiences: [experience('k'.repeat(51))] })),
    '/workspaces/0/experiences/0/key', 'must NOT have more than 50 characters'],
  ['more than 10 audiences', fixtureFile(workspace({ experiences: [experience('eleven-audiences', { audiences: Array.from({ length: 11 }, (_, i) => audience({ id: `A${i}`, name: `Audience ${i}` })) })] })),
    '/workspaces/0/experiences/0/audiences', 'must NOT have more than 10 items'],
  ['more than 5 variations', fixtureFile(workspace({ experiences: [experience('six-variations', { audiences: [audience({ variations: Array.from({ length: 6 }, () => variation({ weight: 10 })) })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations', 'must NOT have more than 5 items'],
  ['a payload value that does not match its data_type', fixtureFile(workspace({ experiences: [experience('typed-payload', { audiences: [audience({ variations: [variation({ payload: { Count: { value: '3', data_type: 'number' } } })] })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations/0/payload/Count/value', 'must be number'],
  ['a json payload that is a string', fixtureFile(workspace({ experiences: [experience('typed-payload', { audiences: [audience({ variations: [variation({ payload: { Config: { value: '{}', data_type: 'json' } } })] })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations/0/payload/Config/value', 'must be object,array'],
  ['an unknown data_type', fixtureFile(workspace({ experiences: [experience('typed-payload', { audiences: [audience({ variations: [variation({ payload: { X: { value: 'a', data_type: 'text' as never } } })] })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations/0/payload/X/data_type', '"text" is not one of'],
  ['weights that do not sum to 100', fixtureFile(workspace({ experiences: [experience('bad-weights', { audiences: [audience({ variations: [variation({ weight: 60 }), variation({ weight: 30 })] })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations', 'variation weights sum to 90; they must sum to 100'],
  ['a fractional weight', fixtureFile(workspace({ experiences: [experience('bad-weights', { audiences: [audience({ variations: [variation({ weight: 50.5 }), variation({ weight: 49.5 })] })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations/0/weight', 'must be integer'],
  ['a duplicate experience key', fixtureFile(workspace({ experiences: [experience('same-key'), experience('same-key')] })),
    '/workspaces/0/experiences/1/key', 'duplicate experience key "same-key" (first at /workspaces/0/experiences/0/key)'],
  ['a duplicate workspace id', fixtureFile(workspace(), workspace()), '/workspaces/1/id', 'duplicate workspace id "WS_ONE"'],
  ['a duplicate customer_id', fixtureFile(workspace({ users: [{ customer_id: 'u1' }, { customer_id: 'u1' }] })), '/workspaces/0/users/1/customer_id', 'duplicate customer_id "u1"'],
  ['an identifier shared by two users', fixtureFile(workspace({ users: [{ customer_id: 'u1', user_identifiers: { u_em: 'a@b.c' } }, { customer_id: 'u2', user_identifiers: { u_em: 'a@b.c' } }] })),
    '/workspaces/0/users/1/user_identifiers/u_em', 'already belongs to another user'],
  ['a duplicate audience id', fixtureFile(workspace({ experiences: [experience('two-audiences', { audiences: [audience({ id: 'A1', name: 'One' }), audience({ id: 'A1', name: 'Two' })] })] })),
    '/workspaces/0/experiences/0/audiences/1/id', 'duplicate audience id "A1"'],
  ['a duplicate audience name', fixtureFile(workspace({ experiences: [experience('two-audiences', { audiences: [audience({ id: 'A1', name: 'Same' }), audience({ id: 'A2', name: 'Same' })] })] })),
    '/workspaces/0/experiences/0/audiences/1/name', 'duplicate audience name "Same"'],
  ['a duplicate variation id (explicit and positional)', fixtureFile(workspace({ experiences: [experience('variation-ids', { audiences: [audience({ variations: [variation({ weight: 50, id: '2' }), variation({ weight: 50 })] })] })] })),
    '/workspaces/0/experiences/0/audiences/0/variations/1', 'duplicate variation id "2"'],
  ['a duplicate campaign_id', fixtureFile(workspace({ experiences: [experience('campaign-one', { campaign_id: 'a'.repeat(24) }), experience('campaign-two', { campaign_id: 'a'.repeat(24) })] })),
    '/workspaces/0/experiences/1/campaign_id', 'cids would collide'],
  ['a campaign_id that is not 24 hex digits', fixtureFile(workspace({ experiences: [experience('campaign-one', { campaign_id: 'XYZ' })] })),
    '/workspaces/0/experiences/0/campaign_id', 'must match pattern'],
  ['an unknown time zone', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', time_zone: 'Mars/Olympus' } })] })),
    '/workspaces/0/experiences/0/schedule/time_zone', 'unknown time zone "Mars/Olympus"'],
  ['a schedule that ends before it starts', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-02-01T00:00', end: '2026-01-01T00:00' } })] })),
    '/workspaces/0/experiences/0/schedule/end', 'is not after start'],
  ['a date that does not exist', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-02-30T10:00' } })] })),
    '/workspaces/0/experiences/0/schedule/start', '"2026-02-30T10:00" is not a real date and time'],
  ['an audience id that cannot go into a cid', fixtureFile(workspace({ experiences: [experience('audience-id', { audiences: [audience({ id: 'A_1' })] })] })),
    '/workspaces/0/experiences/0/audiences/0/id', 'must match pattern'],
  ['no workspaces', { workspaces: [] }, '/workspaces', 'must NOT have fewer than 1 items']
]

for (const [what, doc, pointer, message] of cases) {
  t.test(`${what} is refused`, async (t) => {
    const problems = refuse(doc)
    const found = problems.find((p) => p.pointer === pointer)
    t.ok(found, `a problem at ${pointer}; got ${JSON.stringify(problems)}`)
    t.match(found?.message, message)
  })
}

t.test('more than 20 Active experiences is a warning, not an error', async (t) => {
  const experiences = Array.from({ length: 21 }, (_, i) => experience(`active-${String(i).padStart(2, '0')}`))
  const fixtures = loadFixtureDocument(fixtureFile(workspace({ experiences })), 'many.json')
  t.equal(fixtures.workspaces.get('WS_ONE')?.experiences.length, 21)
  t.strictSame(fixtures.warnings, [{
    file: 'many.json',
    pointer: '/workspaces/0/experiences',
    message: '21 Active experiences: the vendor allows 20 per workspace unless raised on request'
  }])
})

t.test('JSON pointer segments escape "/" and "~"', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('escaped-vars', { audiences: [audience({ variations: [variation({ payload: { 'a/b~c': { value: 1, data_type: 'string' } } })] })] })] }))
  t.ok(refuse(doc).some((p) => p.pointer.endsWith('/payload/a~1b~0c/value')))
})
