// Condition leaves and trees, evaluated against hand-made readings (no server, no request).
import t from 'tap'
import { compileCondition, SharedLeaves, type LeafResult } from '../src/fixtures/conditions/compile.js'
import { ABSENT, nextInputSerial, UNAVAILABLE, type EvaluationInput, type FieldRef, type Reading } from '../src/fixtures/conditions/input.js'
import type { FixtureCondition } from '../src/generated/types.js'

/** An input where field "user.x" (or any field) reads what the map says; unlisted fields are absent. */
function input (readings: Record<string, Reading>): EvaluationInput {
  const read = (f: FieldRef): Reading => {
    const name = f.kind === 'user' || f.kind === 'session' ? `${f.kind}.${f.name}` : f.kind === 'geo' ? `geo.${f.part}` : f.kind
    return readings[name] ?? { status: 'absent' }
  }
  return {
    serial: nextInputSerial(),
    value: (f) => {
      const r = read(f)
      return r.status === 'present' ? r.value : r.status === 'absent' ? ABSENT : UNAVAILABLE
    },
    unavailableNote: (f) => {
      const r = read(f)
      return r.status === 'unavailable' ? r.note : 'not unavailable'
    }
  }
}
const present = (value: unknown): Reading => ({ status: 'present', value })
const unavailable: Reading = { status: 'unavailable', note: 'anonymous visitor' }

function compile (cond: FixtureCondition) {
  const problems: string[] = []
  const compiled = compileCondition(cond, '/conditions', (p, m) => problems.push(`${p}: ${m}`))
  if (compiled === undefined) throw new Error(problems.join('; '))
  return compiled
}

/** Evaluates a leaf on field user.x holding `value`, through both the fast and the explain path. */
function leaf (operator: FixtureCondition['operator'], value: FixtureCondition['value'], actual: unknown, extra: Partial<FixtureCondition> = {}): boolean {
  const c = compile({ field: 'user.x', operator, ...(value === undefined ? {} : { value }), ...extra })
  const reading = input({ 'user.x': present(actual) })
  const out: LeafResult[] = []
  const slow = c.explain(reading, out)
  const fast = c.test(reading)
  if (slow !== fast) throw new Error('explain and test disagree')
  return fast
}

/** The note explain gives a leaf on user.x holding `value` (undefined when none), after checking both paths agree. */
function noteOf (operator: FixtureCondition['operator'], value: FixtureCondition['value'], actual: unknown): string | undefined {
  const c = compile({ field: 'user.x', operator, ...(value === undefined ? {} : { value }) })
  const reading = input({ 'user.x': present(actual) })
  const out: LeafResult[] = []
  if (c.explain(reading, out) !== c.test(reading)) throw new Error('explain and test disagree')
  return out[0]?.note
}

t.test('equals: same type and value; strings ignore case unless case_sensitive', async (t) => {
  t.equal(leaf('equals', 'Pro', 'pro'), true)
  t.equal(leaf('equals', 'Pro', 'pro', { case_sensitive: true }), false)
  t.equal(leaf('equals', 3, 3), true)
  t.equal(leaf('equals', 3, '3'), false, 'a string is not the number')
  t.equal(leaf('equals', true, 'true'), false)
  t.equal(leaf('equals', 'b', ['a', 'B']), true, 'an array matches when one element does')
})

t.test('not_equals: a different value of the same type; the wrong type is false', async (t) => {
  t.equal(leaf('not_equals', 'pro', 'free'), true)
  t.equal(leaf('not_equals', 'pro', 'PRO'), false)
  t.equal(leaf('not_equals', 3, '4'), false, 'wrong type is no match, even for a negative operator')
  t.equal(leaf('not_equals', 'a', ['b', 'c']), true, 'no element equals')
  t.equal(leaf('not_equals', 'a', ['b', 'a']), false)
  t.equal(leaf('not_equals', 'a', [1, 2]), false, 'a list of the wrong type is the wrong type')
  t.equal(leaf('not_in', ['a'], ['b', 2]), false, 'one element of the wrong type is enough')
  t.equal(leaf('not_equals', 'a', []), true, 'an empty list has no element equal to it')
})

t.test('in / not_in a list', async (t) => {
  t.equal(leaf('in', ['gold', 'platinum'], 'Gold'), true)
  t.equal(leaf('in', ['gold', 'platinum'], 'silver'), false)
  t.equal(leaf('in', [1, 2, 3], 2), true)
  t.equal(leaf('in', [1, 2, 3], '2'), false)
  t.equal(leaf('not_in', ['gold'], 'silver'), true)
  t.equal(leaf('not_in', ['gold'], 'gold'), false)
  t.equal(leaf('not_in', ['gold'], 7), false, 'wrong type')
  t.equal(leaf('in', ['x', 'y'], ['a', 'y']), true)
  t.equal(leaf('not_in', ['x', 'y'], ['a', 'b']), true)
})

t.test('contains, starts_with, ends_with', async (t) => {
  t.equal(leaf('contains', 'sale', 'Summer SALE 2026'), true)
  t.equal(leaf('contains', 'sale', 'summer'), false)
  t.equal(leaf('contains', 'shoes', ['bags', 'Shoes']), true, 'on a list: has the element')
  t.equal(leaf('contains', 'sho', ['shoes']), false, 'on a list: not a substring of an element')
  t.equal(leaf('starts_with', 'https://', 'HTTPS://example.com'), true)
  t.equal(leaf('starts_with', 'https://', 'http://example.com'), false)
  t.equal(leaf('ends_with', '.in', 'shop.example.in'), true)
  t.equal(leaf('ends_with', '.in', 42), false)
})

t.test('numeric comparisons and between (inclusive)', async (t) => {
  t.equal(leaf('gt', 10, 11), true)
  t.equal(leaf('gt', 10, 10), false)
  t.equal(leaf('gte', 10, 10), true)
  t.equal(leaf('lt', 10, 9.5), true)
  t.equal(leaf('lte', 10, 10), true)
  t.equal(leaf('lte', 10, 10.01), false)
  t.equal(leaf('between', [1, 5], 1), true)
  t.equal(leaf('between', [1, 5], 5), true)
  t.equal(leaf('between', [1, 5], 5.5), false)
  t.equal(leaf('gt', 10, '11'), false, 'a numeric string is not a number')
  t.equal(leaf('gt', 10, [3, 12]), true, 'an array matches when one element does')
})

t.test('date comparisons use ISO 8601 dates, read as UTC when they carry no offset', async (t) => {
  t.equal(leaf('gt', '2026-01-01', '2026-01-02'), true)
  t.equal(leaf('lt', '2026-01-01', '2025-12-31T23:59:59Z'), true)
  t.equal(leaf('gte', '2026-01-01T00:00:00Z', '2026-01-01'), true)
  t.equal(leaf('gt', '2026-01-01T00:00:00Z', '2026-01-01T03:00:00+05:30'), false, 'offsets are honoured: 2025-12-31T21:30Z')
  t.equal(leaf('between', ['2026-01-01', '2026-01-31'], '2026-01-15T12:00:00Z'), true)
  t.equal(leaf('between', ['2026-01-01', '2026-01-31'], '2026-02-01'), false)
  t.equal(leaf('gt', '2026-01-01', 'not a date'), false)
  t.equal(leaf('gt', '2026-01-01', 1767225600000), false, 'an epoch number is not a date')
})

t.test('is_true / is_false need a boolean', async (t) => {
  t.equal(leaf('is_true', undefined, [false, true]), true, 'a list matches when one element does')
  t.equal(leaf('is_true', undefined, true), true)
  t.equal(leaf('is_true', undefined, 'true'), false)
  t.equal(leaf('is_false', undefined, false), true)
  t.equal(leaf('is_false', undefined, 0), false)
})

t.test('exists / not_exists: present, absent and unavailable values', async (t) => {
  const exists = compile({ field: 'user.x', operator: 'exists' })
  const notExists = compile({ field: 'user.x', operator: 'not_exists' })
  t.equal(exists.test(input({ 'user.x': present('') })), true)
  t.equal(exists.test(input({})), false)
  t.equal(notExists.test(input({})), true, 'absent: only not_exists matches')
  t.equal(notExists.test(input({ 'user.x': present(0) })), false)
  t.equal(notExists.test(input({ 'user.x': unavailable })), false, 'unavailable (anonymous): nothing matches')
})

t.test('an unavailable value fails every operator, negative ones too', async (t) => {
  for (const cond of [
    { field: 'user.x', operator: 'not_equals', value: 'a' },
    { field: 'user.x', operator: 'not_in', value: ['a'] },
    { field: 'segment', operator: 'not_in', value: 'vip' },
    { field: 'geo.country', operator: 'not_in', value: ['IN'] },
    { field: 'device_type', operator: 'not_equals', value: 'mobile' }
  ] as FixtureCondition[]) {
    const c = compile(cond)
    const reading = input({ 'user.x': unavailable, segment: unavailable, 'geo.country': unavailable, device_type: unavailable })
    t.equal(c.test(reading), false, JSON.stringify(cond))
  }
})

t.test('all / any / not combine, nested', async (t) => {
  const c = compile({
    all: [
      { field: 'session.utm_medium', operator: 'equals', value: 'email' },
      { any: [{ field: 'user.plan', operator: 'equals', value: 'pro' }, { not: { field: 'segment', operator: 'in', value: 'churned' } }] }
    ]
  })
  t.equal(c.test(input({ 'session.utm_medium': present('email'), 'user.plan': present('free'), segment: present(['churned']) })), false)
  t.equal(c.test(input({ 'session.utm_medium': present('email'), 'user.plan': present('pro'), segment: present(['churned']) })), true)
  t.equal(c.test(input({ 'session.utm_medium': present('email'), 'user.plan': present('free'), segment: present([]) })), true)
  t.equal(c.test(input({ 'session.utm_medium': present('sms'), 'user.plan': present('pro'), segment: present([]) })), false)
})

t.test('explain reports every leaf with its pointer, result and the value it saw', async (t) => {
  const c = compile({ all: [{ field: 'user.plan', operator: 'equals', value: 'pro' }, { field: 'device_type', operator: 'in', value: ['mobile'] }] })
  const out: LeafResult[] = []
  const matched = c.explain(input({ 'user.plan': present('free'), device_type: { status: 'unavailable', note: 'USER_AGENT not sent' } }), out)
  t.equal(matched, false)
  t.strictSame(out, [
    { pointer: '/conditions/all/0', condition: { field: 'user.plan', operator: 'equals', value: 'pro' }, passed: false, saw: 'free' },
    { pointer: '/conditions/all/1', condition: { field: 'device_type', operator: 'in', value: ['mobile'] }, passed: false, saw: null, note: 'USER_AGENT not sent' }
  ])
})

t.test('identical leaves of a workspace\'s trees are one, read once per input, and answer each input afresh', async (t) => {
  const leaves = new SharedLeaves()
  const tree = (cond: FixtureCondition) => {
    const compiled = compileCondition(cond, '/conditions', () => t.fail('no problem expected'), leaves)
    if (compiled === undefined) throw new Error('did not compile')
    return compiled
  }
  const plan: FixtureCondition = { field: 'user.plan', operator: 'in', value: ['pro', 'team'] }
  const first = tree({ all: [plan, { field: 'user.orders', operator: 'gte', value: 3 }] })
  const second = tree({ any: [{ field: 'session.utm_medium', operator: 'equals', value: 'email' }, { ...plan }] })
  let reads = 0
  const counted = (readings: Record<string, Reading>): EvaluationInput => {
    const inner = input(readings)
    return { ...inner, value: (f) => { reads++; return inner.value(f) } }
  }
  const pro = counted({ 'user.plan': present('pro'), 'user.orders': present(5) })
  t.equal(first.test(pro), true)
  t.equal(second.test(pro), true)
  t.equal(reads, 3, 'user.plan read once for both trees, then user.orders and utm_medium')
  const free = counted({ 'user.plan': present('free'), 'session.utm_medium': present('email') })
  t.equal(first.test(free), false, 'the next input is answered afresh')
  t.equal(second.test(free), true)
})

t.test('explain reports a shared leaf as written in its own tree, at its own pointer', async (t) => {
  const leaves = new SharedLeaves()
  const a = compileCondition({ field: 'user.plan', operator: 'equals', value: 'pro' }, '/conditions', () => t.fail(), leaves)
  const written: FixtureCondition = { value: 'pro', operator: 'equals', field: 'user.plan' }
  const b = compileCondition({ not: written }, '/conditions', () => t.fail(), leaves)
  const out: LeafResult[] = []
  const reading = input({ 'user.plan': present('pro') })
  t.equal(a?.explain(reading, []), true)
  t.equal(b?.explain(reading, out), false)
  t.strictSame(out, [{ pointer: '/conditions/not', condition: written, passed: true, saw: 'pro' }])
  t.equal(out[0]?.condition, written, 'the very object of the tree explained')
})

t.test('a leaf that fails on the type of its value is noted with that type and what the operator compares', async (t) => {
  const cases: Array<[FixtureCondition['operator'], FixtureCondition['value'], unknown, string]> = [
    ['equals', 3, '3', 'a string; equals compares numbers'],
    ['equals', 'pro', 3, 'a number; equals compares strings'],
    ['equals', true, 'true', 'a string; equals compares booleans'],
    ['not_equals', 3, '4', 'a string; not_equals compares numbers'],
    ['in', ['gold', 1], true, 'a boolean; in compares strings and numbers'],
    ['not_in', ['gold'], 7, 'a number; not_in compares strings'],
    ['contains', 'sale', 42, 'a number; contains compares strings'],
    ['starts_with', 'https://', { url: 'x' }, 'an object; starts_with compares strings'],
    ['ends_with', '.in', false, 'a boolean; ends_with compares strings'],
    ['gt', 25, '30', 'a string; gt compares numbers'],
    ['lte', 25, true, 'a boolean; lte compares numbers'],
    ['between', [1, 5], '3', 'a string; between compares numbers'],
    ['gt', '2026-01-01', 'next week', 'a string, not a date; gt compares dates'],
    ['lt', '2026-01-01', 1767225600000, 'a number; lt compares dates'],
    ['between', ['2026-01-01', '2026-01-31'], 'soon', 'a string, not a date; between compares dates'],
    ['is_true', undefined, 'true', 'a string; is_true needs a boolean'],
    ['is_false', undefined, 0, 'a number; is_false needs a boolean']
  ]
  for (const [operator, value, actual, note] of cases) t.equal(noteOf(operator, value, actual), note, `${JSON.stringify(actual)} ${operator ?? ''} ${JSON.stringify(value)}`)
})

t.test('a list fails on its type when no element has the operand\'s type, or for a negative operator when one lacks it', async (t) => {
  t.equal(noteOf('contains', 'shoes', [1, 2]), 'a list without strings; contains compares strings')
  t.equal(noteOf('gt', 25, ['30', '40']), 'a list without numbers; gt compares numbers')
  t.equal(noteOf('gt', '2026-01-01', ['soon', 3]), 'a list without dates; gt compares dates')
  t.equal(noteOf('is_true', undefined, ['yes']), 'a list without booleans; is_true needs a boolean')
  t.equal(noteOf('not_in', ['gold'], ['silver', 2]), 'a list holding a number; not_in compares strings')
  t.equal(noteOf('not_equals', 'a', ['b', null]), 'a list holding null; not_equals compares strings')
  t.equal(noteOf('in', ['gold'], ['silver', 2]), undefined, 'an element of the right type did not match: a value failure')
  t.equal(noteOf('equals', 'a', []), undefined, 'an empty list has no element to match, whatever its type')
})

t.test('a leaf that passes, or fails on its value, has no type note', async (t) => {
  for (const [operator, value, actual] of [
    ['gt', 25, 20], ['gt', 25, 30], ['equals', 'pro', 'free'], ['not_equals', 'pro', 'PRO'], ['not_in', ['gold'], 'gold'],
    ['contains', 'sale', 'summer'], ['gt', '2026-01-01', '2025-12-31'], ['is_true', undefined, false], ['not_exists', undefined, 'x']
  ] as Array<[FixtureCondition['operator'], FixtureCondition['value'], unknown]>) {
    t.equal(noteOf(operator, value, actual), undefined, `${JSON.stringify(actual)} ${operator ?? ''} ${JSON.stringify(value)}`)
  }
  const hour = compile({ field: 'time_of_day', operator: 'in', value: ['09'] })
  const out: LeafResult[] = []
  hour.explain(input({ time_of_day: present(10) }), out)
  t.strictSame(out.map((l) => l.note), [undefined], 'an hour outside the slots')
})

t.test('segments: in / not_in with one name or a list', async (t) => {
  const inVip = compile({ field: 'segment', operator: 'in', value: 'vip' })
  const notIn = compile({ field: 'segment', operator: 'not_in', value: ['vip', 'churned'] })
  t.equal(inVip.test(input({ segment: present(['new', 'VIP']) })), true)
  t.equal(inVip.test(input({ segment: present([]) })), false)
  t.equal(notIn.test(input({ segment: present(['new']) })), true)
  t.equal(notIn.test(input({ segment: present(['churned']) })), false)
})

t.test('time_of_day: hour slots and ranges, wrapping past midnight', async (t) => {
  const office = compile({ field: 'time_of_day', operator: 'in', value: ['09-17'] })
  const night = compile({ field: 'time_of_day', operator: 'in', value: ['22-02', '12'] })
  const notNight = compile({ field: 'time_of_day', operator: 'not_in', value: ['22-02'] })
  const at = (h: number) => input({ time_of_day: present(h) })
  t.strictSame([8, 9, 17, 18].map((h) => office.test(at(h))), [false, true, true, false])
  t.strictSame([21, 22, 23, 0, 2, 3, 12].map((h) => night.test(at(h))), [false, true, true, true, true, false, true])
  t.strictSame([23, 3].map((h) => notNight.test(at(h))), [false, true])
})

t.test('day_of_week, device_type and geo compare their own vocabularies', async (t) => {
  t.equal(compile({ field: 'day_of_week', operator: 'in', value: ['Saturday', 'Sunday'] }).test(input({ day_of_week: present('Sunday') })), true)
  t.equal(compile({ field: 'day_of_week', operator: 'not_in', value: ['Saturday', 'Sunday'] }).test(input({ day_of_week: present('Monday') })), true)
  t.equal(compile({ field: 'device_type', operator: 'equals', value: 'tablet' }).test(input({ device_type: present('tablet') })), true)
  t.equal(compile({ field: 'device_type', operator: 'in', value: ['mobile', 'tablet', 'desktop'] }).test(input({ device_type: present('tv') })), false, 'a TV is none of the three')
  t.equal(compile({ field: 'geo.country', operator: 'in', value: ['in', 'us'] }).test(input({ 'geo.country': present('IN') })), true)
  t.equal(compile({ field: 'geo.city', operator: 'equals', value: 'Bengaluru' }).test(input({ 'geo.city': present('bengaluru') })), true)
})

t.test('not inverts a leaf whose value cannot be read', async (t) => {
  const outsideIndia = compile({ not: { field: 'geo.country', operator: 'in', value: ['IN'] } })
  const notInIndia = compile({ field: 'geo.country', operator: 'not_in', value: ['IN'] })
  const noIp = input({ 'geo.country': { status: 'unavailable', note: 'USER_IP_ADDRESS not sent' } })
  t.equal(outsideIndia.test(noIp), true, 'not(in) matches a visitor who cannot be located')
  t.equal(notInIndia.test(noIp), false, 'not_in does not')
})

t.test('a negative operator needs a value: a missing one fails it, while not(equals) matches', async (t) => {
  const notEmail = compile({ field: 'session.utm_medium', operator: 'not_equals', value: 'email' })
  const notEquals = compile({ not: { field: 'session.utm_medium', operator: 'equals', value: 'email' } })
  t.equal(notEmail.test(input({})), false)
  t.equal(notEquals.test(input({})), true)
})

t.test('needsUser marks trees with a user or segment leaf anywhere', async (t) => {
  t.equal(compile({ any: [{ field: 'session.a', operator: 'exists' }, { not: { field: 'segment', operator: 'in', value: 'x' } }] }).needsUser, true)
  t.equal(compile({ all: [{ field: 'session.a', operator: 'exists' }, { field: 'geo.country', operator: 'equals', value: 'IN' }] }).needsUser, false)
})
