import t from 'tap'
import { loadFixtureDocument, loadFixtureFile, loadFixtureText } from '../src/fixtures/load.js'
import { FixtureError, formatProblem, type FixtureProblem } from '../src/fixtures/problems.js'
import { audience, experience, fixtureFile, problemsOf, variation, workspace } from './helpers/fixtures.js'
import { patternsReachableFrom } from './helpers/schemas.js'
import type { FixtureCondition } from '../src/generated/types.js'

const refuse = (doc: unknown) => problemsOf(() => loadFixtureDocument(doc, 'bad.json'))

const AUD = '/workspaces/0/experiences/0/audiences/0'
/** `levels` nested nodes: not(not(…(leaf))). */
function nested (levels: number): FixtureCondition {
  let c: FixtureCondition = { field: 'user.a', operator: 'exists' }
  for (let i = 1; i < levels; i++) c = { not: c }
  return c
}
function withCondition (conditions: FixtureCondition) {
  return fixtureFile(workspace({ experiences: [experience('targeted-one', { audiences: [{ id: 'A1', name: 'Targeted', conditions, variations: [variation()] }] })] }))
}

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
    '/workspaces/0/experiences/0/campaign_id', '"XYZ" is not 24 lowercase hexadecimal digits, e.g. 64f0c0ffee0123456789abcd'],
  ['an unknown time zone', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', time_zone: 'Mars/Olympus' } })] })),
    '/workspaces/0/experiences/0/schedule/time_zone', 'unknown time zone "Mars/Olympus"'],
  ['a schedule that ends before it starts', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-02-01T00:00', end: '2026-01-01T00:00' } })] })),
    '/workspaces/0/experiences/0/schedule/end', 'is not after start'],
  ['a date that does not exist', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-02-30T00:00:00' } })] })),
    '/workspaces/0/experiences/0/schedule/start', /^2026-02-30T00:00:00 is not a real date: February 2026 has 28 days$/],
  ['February 29 outside a leap year', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', end: '2027-02-29T00:00' } })] })),
    '/workspaces/0/experiences/0/schedule/end', /^2027-02-29T00:00 is not a real date: February 2027 has 28 days$/],
  ['a month 13 in a schedule', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-13-01T00:00' } })] })),
    '/workspaces/0/experiences/0/schedule/start', /^2026-13-01T00:00 is not a real date: months run from 01 to 12$/],
  ['an hour that does not exist', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T25:00' } })] })),
    '/workspaces/0/experiences/0/schedule/start', /^2026-01-01T25:00 is not a real time of day: hours run from 00 to 23$/],
  ['a schedule time with an offset', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-07-16T00:00:00+05:30' } })] })),
    '/workspaces/0/experiences/0/schedule/start', /^"2026-07-16T00:00:00\+05:30" is not a local wall time without an offset, e\.g\. 2026-07-16T00:00 or 2026-07-16T00:00:00; the zone comes from time_zone$/],
  ['an audience id that cannot go into a cid', fixtureFile(workspace({ experiences: [experience('audience-id', { audiences: [audience({ id: 'A_1' })] })] })),
    '/workspaces/0/experiences/0/audiences/0/id', '"A_1" is not an id of 1 to 24 letters and digits, e.g. 42D'],
  ['no workspaces', { workspaces: [] }, '/workspaces', 'must NOT have fewer than 1 items'],
  ['an unknown operator', withCondition({ field: 'user.plan', operator: 'matches' as never, value: 'x' }), AUD + '/conditions/operator', '"matches" is not one of "equals"'],
  ['an unknown field', withCondition({ field: 'profile.plan', operator: 'equals', value: 'x' }), AUD + '/conditions/field', 'unknown field "profile.plan"'],
  ['a field with an empty attribute name', withCondition({ field: 'user.', operator: 'exists' }), AUD + '/conditions/field', 'unknown field "user."'],
  ['a session field without a key', withCondition({ field: 'session', operator: 'exists' }), AUD + '/conditions/field', 'unknown field "session"'],
  ['an unknown geo part', withCondition({ field: 'geo.zip', operator: 'equals', value: '560001' }), AUD + '/conditions/field', 'unknown field "geo.zip"'],
  ['a segment field with a suffix', withCondition({ field: 'segment.vip', operator: 'in', value: 'x' }), AUD + '/conditions/field', 'unknown field "segment.vip"'],
  ['a segment list with an empty name', withCondition({ field: 'segment', operator: 'in', value: ['vip', ''] }), AUD + '/conditions/value', 'segment needs a segment name or a non-empty list of names'],
  ['an operator that does not apply to the field', withCondition({ field: 'segment', operator: 'gt', value: 3 }), AUD + '/conditions/operator', 'operator "gt" does not apply to segment (use in, not_in)'],
  ['a value of the wrong type for the operator', withCondition({ field: 'user.name', operator: 'contains', value: 3 }), AUD + '/conditions/value', 'operator "contains" needs a string value'],
  ['a list operator without a list', withCondition({ field: 'user.plan', operator: 'in', value: 'pro' }), AUD + '/conditions/value', 'operator "in" needs a non-empty list'],
  ['exists with a value', withCondition({ field: 'user.plan', operator: 'exists', value: 'pro' }), AUD + '/conditions/value', 'operator "exists" takes no value'],
  ['between with low above high', withCondition({ field: 'user.age', operator: 'between', value: [30, 20] }), AUD + '/conditions/value', 'needs low <= high'],
  ['between mixing a number and a date', withCondition({ field: 'user.age', operator: 'between', value: [1, '2026-01-01'] }), AUD + '/conditions/value', 'two numbers or two ISO 8601 dates'],
  ['a comparison with a non-date string', withCondition({ field: 'user.signup', operator: 'gt', value: 'yesterday' }), AUD + '/conditions/value', 'needs a number or an ISO 8601 date'],
  ['an impossible month in a condition', withCondition({ field: 'user.signup', operator: 'gt', value: '2026-13-01' }), AUD + '/conditions/value', /^2026-13-01 is not a real date: months run from 01 to 12$/],
  ['an impossible day in a between condition', withCondition({ field: 'user.signup', operator: 'between', value: ['2026-02-01', '2026-02-30T12:00:00Z'] }), AUD + '/conditions/value', /^2026-02-30T12:00:00Z is not a real date: February 2026 has 28 days$/],
  ['an unknown day', withCondition({ field: 'day_of_week', operator: 'in', value: ['Funday'] }), AUD + '/conditions/value', 'day_of_week value "Funday" is not one of Sunday, Monday'],
  ['an hour slot out of range', withCondition({ field: 'time_of_day', operator: 'in', value: ['20-24'] }), AUD + '/conditions/value', 'time_of_day slot "20-24" is not "HH" or "HH-HH"'],
  ['an hour slot without zero padding', withCondition({ field: 'time_of_day', operator: 'in', value: ['9'] }), AUD + '/conditions/value', 'time_of_day slot "9"'],
  ['an unknown device type', withCondition({ field: 'device_type', operator: 'equals', value: 'phone' }), AUD + '/conditions/value', 'device_type value "phone" is not one of mobile, tablet, desktop'],
  ['a geo value that is not a string', withCondition({ field: 'geo.country', operator: 'in', value: [91] }), AUD + '/conditions/value', 'geo.country compares strings'],
  ['a node mixing all with a leaf', withCondition({ all: [{ field: 'user.a', operator: 'exists' }], field: 'user.b', operator: 'exists' }), AUD + '/conditions', 'a condition is exactly one of'],
  ['a leaf without operator', withCondition({ field: 'user.plan' }), AUD + '/conditions', 'a leaf condition needs "operator"'],
  ['a nested problem', withCondition({ any: [{ field: 'user.a', operator: 'exists' }, { not: { field: 'user.b', operator: 'between', value: [2, 1] } }] }), AUD + '/conditions/any/1/not/value', 'needs low <= high'],
  ['an empty all', withCondition({ all: [] }), AUD + '/conditions/all', 'must NOT have fewer than 1 items'],
  ['all_users mixed with conditions', fixtureFile(workspace({ experiences: [experience('mixed-audience', { audiences: [audience({ conditions: { field: 'user.a', operator: 'exists' } })] })] })),
    AUD, 'all_users cannot be combined with conditions'],
  ['an audience with neither all_users nor conditions', fixtureFile(workspace({ experiences: [experience('empty-audience', { audiences: [{ id: 'A1', name: 'Nobody', variations: [variation()] }] })] })),
    AUD, 'an audience needs "all_users": true or "conditions"'],
  ['a control group over 100 %', fixtureFile(workspace({ experiences: [experience('control-group', { audiences: [audience({ control_group_percent: 101 })] })] })),
    AUD + '/control_group_percent', 'must be <= 100'],
  ['a CIDR that does not parse', fixtureFile(workspace({ geo: [{ cidr: '203.0.113.0/24', country: 'IN' }, { cidr: '10.0.0.0/33', country: 'US' }] })),
    '/workspaces/0/geo/1/cidr', '"10.0.0.0/33" is not an IPv4 or IPv6 range'],
  ['a machine-dependent time zone ("local")', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', time_zone: 'local' } })] })),
    '/workspaces/0/experiences/0/schedule/time_zone', 'unknown time zone "local"'],
  ['an offset that is not an IANA zone', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', time_zone: 'UTC+5' } })] })),
    '/workspaces/0/experiences/0/schedule/time_zone', 'unknown time zone "UTC+5"'],
  ['an unknown workspace time zone', fixtureFile(workspace({ time_zone: 'system' })), '/workspaces/0/time_zone', 'unknown time zone "system"'],
  ['a workspace time zone ICU takes as an alias ("IST")', fixtureFile(workspace({ time_zone: 'IST' })),
    '/workspaces/0/time_zone', /^"IST" is not an IANA zone name; did you mean "Asia\/Kolkata"\?$/],
  ['a schedule time zone ICU takes as an alias ("PST")', fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', time_zone: 'PST' } })] })),
    '/workspaces/0/experiences/0/schedule/time_zone', /^"PST" is not an IANA zone name; did you mean "America\/Los_Angeles"\?$/],
  ['an IANA name in the wrong letter case', fixtureFile(workspace({ time_zone: 'asia/kolkata' })),
    '/workspaces/0/time_zone', /^"asia\/kolkata" is not an IANA zone name; did you mean "Asia\/Kolkata"\?$/],
  ['an area-less backward-compatibility name ("EST", which has no daylight saving)', fixtureFile(workspace({ time_zone: 'EST' })),
    '/workspaces/0/time_zone', /^"EST" is not an IANA zone name; did you mean "America\/Panama"\?$/],
  ['a SystemV zone (dropped by IANA, kept by ICU)', fixtureFile(workspace({ time_zone: 'SystemV/EST5' })),
    '/workspaces/0/time_zone', /^"SystemV\/EST5" is not an IANA zone name \(use one such as "Asia\/Kolkata"\)$/],
  ['an IPv4 CIDR with host bits set', fixtureFile(workspace({ geo: [{ cidr: '203.0.113.5/24', country: 'IN' }] })),
    '/workspaces/0/geo/0/cidr', /^"203\.0\.113\.5\/24" has host bits set; did you mean 203\.0\.113\.0\/24\?$/],
  ['an IPv6 CIDR with host bits set', fixtureFile(workspace({ geo: [{ cidr: '2001:db8::1/32', country: 'DE' }] })),
    '/workspaces/0/geo/0/cidr', /^"2001:db8::1\/32" has host bits set; did you mean 2001:db8::\/32\?$/],
  ['an IPv4-mapped CIDR with host bits set', fixtureFile(workspace({ geo: [{ cidr: '::ffff:192.0.2.7/120', country: 'FR' }] })),
    '/workspaces/0/geo/0/cidr', /^"::ffff:192\.0\.2\.7\/120" has host bits set; did you mean ::ffff:192\.0\.2\.0\/120\?$/],
  ['an octal-looking CIDR', fixtureFile(workspace({ geo: [{ cidr: '010.0.0.0/8', country: 'IN' }] })), '/workspaces/0/geo/0/cidr', 'is not an IPv4 or IPv6 range'],
  ['a shortened CIDR', fixtureFile(workspace({ geo: [{ cidr: '10/8', country: 'IN' }] })), '/workspaces/0/geo/0/cidr', 'is not an IPv4 or IPv6 range'],
  ['a hexadecimal CIDR', fixtureFile(workspace({ geo: [{ cidr: '0x7f.0.0.1/8', country: 'IN' }] })), '/workspaces/0/geo/0/cidr', 'is not an IPv4 or IPv6 range'],
  ['a CIDR without a prefix length', fixtureFile(workspace({ geo: [{ cidr: '10.0.0.0', country: 'IN' }] })), '/workspaces/0/geo/0/cidr', 'is not an IPv4 or IPv6 range'],
  ['conditions nested more than 32 levels', withCondition(nested(33)), AUD + '/conditions' + '/not'.repeat(32), 'nested more than 32 levels deep'],
  ['case_sensitive where it means nothing', withCondition({ field: 'user.age', operator: 'gt', value: 3, case_sensitive: true }), AUD + '/conditions/case_sensitive', 'case_sensitive has no effect on user with "gt"'],
  ['case_sensitive on a device condition', withCondition({ field: 'device_type', operator: 'equals', value: 'mobile', case_sensitive: false }), AUD + '/conditions/case_sensitive', 'case_sensitive has no effect on device_type'],
  ['an unknown bucketing version', { ...fixtureFile(), bucketing_version: 'md5-v1' }, '/bucketing_version', '"md5-v1" is not one of "fnv1a32-v2"']
]

for (const [what, doc, pointer, message] of cases) {
  t.test(`${what} is refused`, async (t) => {
    const problems = refuse(doc)
    const found = problems.find((p) => p.pointer === pointer)
    t.ok(found, `a problem at ${pointer}; got ${JSON.stringify(problems)}`)
    t.match(found?.message, message)
  })
}

t.test('every pattern violation is explained in the schema\'s words, never as a regex', async (t) => {
  const doc = {
    workspaces: [{
      id: 'my workspace',
      personalize_api_key: 'k',
      users: [{ customer_id: 'u1', assignments: { 'first-experience': { audience_id: 'A-1', variation_id: 'two' } } }],
      experiences: [experience('first-experience', { campaign_id: 'XYZ', schedule: { start: 'soon' }, audiences: [audience({ id: 'A_1', variations: [variation({ id: 'v1' })] })] })]
    }]
  }
  const problems = refuse(doc)
  t.strictSame(problems.map((p) => `${p.pointer}: ${p.message}`), [
    '/workspaces/0/experiences/0/audiences/0/id: "A_1" is not an id of 1 to 24 letters and digits, e.g. 42D',
    '/workspaces/0/experiences/0/audiences/0/variations/0/id: "v1" is not a variation id of 1 to 6 digits, e.g. 2',
    '/workspaces/0/experiences/0/campaign_id: "XYZ" is not 24 lowercase hexadecimal digits, e.g. 64f0c0ffee0123456789abcd',
    '/workspaces/0/experiences/0/schedule/start: "soon" is not a local wall time without an offset, e.g. 2026-07-16T00:00 or 2026-07-16T00:00:00; the zone comes from time_zone',
    '/workspaces/0/id: "my workspace" is not an id of letters, digits, "_", "." and "-", e.g. DEMO_WORKSPACE',
    '/workspaces/0/users/0/assignments/first-experience/audience_id: "A-1" is not an id of 1 to 24 letters and digits, e.g. 42D',
    '/workspaces/0/users/0/assignments/first-experience/variation_id: "two" is not a variation id of 1 to 6 digits, e.g. 2'
  ])
  const regexes = patternsReachableFrom('fixtures.schema.json').map((p) => String(p.schema.pattern))
  t.strictSame(problems.filter((p) => regexes.some((r) => p.message.includes(r))), [], 'no message quotes a pattern')
})

t.test('a schema problem and a semantic problem of one file are reported by one load', async (t) => {
  const doc = fixtureFile(workspace({
    experiences: [
      { ...experience('typo-key'), staus: 'Active' } as never,
      experience('bad-weights', { audiences: [audience({ variations: [variation({ weight: 60 }), variation({ weight: 30 })] })] })
    ]
  }))
  t.strictSame(refuse(doc), [
    { file: 'bad.json', pointer: '/workspaces/0/experiences/0', message: 'unknown property "staus"' },
    { file: 'bad.json', pointer: '/workspaces/0/experiences/1/audiences/0/variations', message: 'variation weights sum to 90; they must sum to 100' }
  ])
})

t.test('a malformed subtree is passed over by the semantic checks and the compiler, never read', async (t) => {
  const weights = experience('bad-weights', { audiences: [audience({ variations: [variation({ weight: 60 }), variation({ weight: 30 })] })] })
  const malformed: Array<[string, Record<string, unknown>]> = [
    ['audiences a string', { ...experience('first-experience'), audiences: 'everyone' }],
    ['variations a number', { ...experience('first-experience'), audiences: [{ ...audience(), variations: 3 }] }],
    ['an audience null', { ...experience('first-experience'), audiences: [null] }],
    ['a schedule a string', { ...experience('first-experience'), schedule: 'tomorrow' }],
    ['conditions a list', { ...experience('first-experience'), audiences: [{ id: 'A1', name: 'Some', conditions: [], variations: [variation()] }] }],
    ['an experience a number', 7 as never]
  ]
  for (const [what, bad] of malformed) {
    const problems = refuse({ workspaces: [{ ...workspace({ experiences: [bad as never, weights] }), users: [{ customer_id: 'u1', assignments: { 'first-experience': { served: false } } }] }] })
    t.ok(problems.some((p) => p.pointer.startsWith('/workspaces/0/experiences/0')), `${what}: the schema problem`)
    t.ok(problems.some((p) => p.message === 'variation weights sum to 90; they must sum to 100'), `${what}: the other experience still checked`)
    t.notOk(problems.some((p) => p.message.startsWith('no experience has the key')), `${what}: an assignment to the experience passed over is not called unknown`)
  }
  for (const doc of [null, 'text', { workspaces: 'all' }, { workspaces: [1, null, { users: 'x', geo: 'y', experiences: {} }] }, fixtureFile(workspace({ users: [5 as never], geo: ['10.0.0.0/8' as never] }))]) {
    t.ok(refuse(doc).length > 0, `${JSON.stringify(doc)} is refused`)
  }
})

t.test('problems come in pointer order, array indexes compared as numbers', async (t) => {
  const experiences = Array.from({ length: 12 }, (_, i) => experience(`experience-${String(i).padStart(2, '0')}`))
  experiences[10] = experience('abc')
  experiences[2] = { ...experience('experience-02'), status: 'Running' as never }
  experiences[3] = experience('experience-03', { schedule: { start: '2026-02-30T00:00' } })
  const problems = refuse(fixtureFile(workspace({ time_zone: 'IST', experiences })))
  t.strictSame(problems.map((p) => p.pointer), [
    '/workspaces/0/experiences/2/status',
    '/workspaces/0/experiences/3/schedule/start',
    '/workspaces/0/experiences/10/key',
    '/workspaces/0/time_zone'
  ])
})

t.test('a workspace time zone that cannot be used is reported once, not for each schedule that inherits it', async (t) => {
  const doc = fixtureFile(workspace({ time_zone: 'IST', experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00' } })] }))
  t.strictSame(refuse(doc).map((p) => p.pointer), ['/workspaces/0/time_zone'])
})

t.test('schedule dates are checked when the zone cannot be used', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('scheduled-one', { schedule: { start: '2026-02-30T00:00', time_zone: 'PST' } })] }))
  t.strictSame(refuse(doc).map((p) => p.pointer), ['/workspaces/0/experiences/0/schedule/start', '/workspaces/0/experiences/0/schedule/time_zone'])
})

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

t.test('conditions 32 levels deep are accepted', async (t) => {
  t.ok(loadFixtureDocument(withCondition(nested(32)), 'deep.json'))
})

t.test('a document nested thousands of levels deep is refused, not a crash', async (t) => {
  const deep = '{"a":'.repeat(20000) + '1' + '}'.repeat(20000)
  const doc = JSON.parse(JSON.stringify(fixtureFile(workspace({ experiences: [experience('deep-payload', { audiences: [audience({ variations: [variation({ payload: { X: { value: 'DEEP' as never, data_type: 'json' } } })] })] })] }))).replace('"DEEP"', deep))
  t.strictSame(problemsOf(() => loadFixtureDocument(doc, 'deep.json')), [{ file: 'deep.json', pointer: '', message: 'the document is nested too deeply to load' }])
})
