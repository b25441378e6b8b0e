// Condition trees in words: "all of: user attribute plan is one of "pro", "team"; in-session utm_medium is "email"".
// Each leaf carries its JSON pointer inside the audience (/conditions/all/1), the same pointer the explain API
// gives, so a trace can mark the leaf that failed and show the value it saw.
import type { FixtureCondition } from '../../generated/types.js'
import { classes, html, type Html } from './html.js'

const OPERATORS: Readonly<Record<string, string>> = {
  equals: 'is',
  not_equals: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  exists: 'is present',
  not_exists: 'is absent',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  is_true: 'is true',
  is_false: 'is false'
}

/** "user.plan" -> "user attribute plan", "geo.country" -> "country (from the IP)" … */
export function describeField (field: string): string {
  const dot = field.indexOf('.')
  const head = dot === -1 ? field : field.slice(0, dot)
  const rest = field.slice(dot + 1)
  switch (head) {
    case 'user': return `user attribute ${rest}`
    case 'session': return `in-session ${rest}`
    case 'geo': return `${rest} (from the IP)`
    case 'segment': return 'segments'
    case 'day_of_week': return 'day of the week'
    case 'time_of_day': return 'hour of the day'
    case 'device_type': return 'device type (from the user agent)'
    default: return field
  }
}

/** An operand as written in a sentence: strings quoted, lists joined, ranges "1 and 5". */
export function describeValue (value: unknown, operator?: string): string {
  if (Array.isArray(value)) return operator === 'between' ? value.map((v) => describeValue(v)).join(' and ') : value.map((v) => describeValue(v)).join(', ')
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return ''
  return JSON.stringify(value) ?? String(value)
}

/** One leaf in words: `user attribute plan is one of "pro", "team"`. */
export function describeLeaf (c: FixtureCondition): string {
  const field = describeField(c.field ?? '')
  const op = c.operator ?? 'equals'
  // Segments are a list the user is in: say so.
  const phrase = c.field === 'segment' ? (op === 'in' ? 'include one of' : op === 'not_in' ? 'include none of' : OPERATORS[op] ?? op) : OPERATORS[op] ?? op
  const operand = c.value === undefined ? '' : ` ${describeValue(c.value, op)}`
  return `${field} ${phrase}${operand}${c.case_sensitive === true ? ' (case-sensitive)' : ''}`
}

/** What a trace knows about a leaf: whether it passed, what it saw and the explain API's note about it. */
export interface LeafResult {
  passed: boolean
  saw: unknown
  note?: string
}

/**
 * The tree as nested lists. `results` (by pointer) marks each leaf passed or failed, with the value it saw;
 * without results the tree is just described.
 */
export function conditionTree (c: FixtureCondition, pointer = '/conditions', results?: ReadonlyMap<string, LeafResult>): Html {
  const group = (label: string, children: FixtureCondition[], key: string): Html => {
    const items = children.map((child, i) => html`<li>${conditionTree(child, `${pointer}/${key}/${i}`, results)}</li>`)
    return html`<div class="group"><span class="joiner">${label}</span><ul>${items}</ul></div>`
  }
  if (c.all !== undefined) return group('all of', c.all, 'all')
  if (c.any !== undefined) return group('any of', c.any, 'any')
  if (c.not !== undefined) {
    const inner = conditionTree(c.not, `${pointer}/not`, results)
    return html`<div class="group"><span class="joiner">not</span><ul><li>${inner}</li></ul></div>`
  }
  const result = results?.get(pointer)
  if (result === undefined) return html`<span class="leaf" data-pointer="${pointer}">${describeLeaf(c)}</span>`
  const mark = html`<span class="mark" aria-label="${result.passed ? 'passed' : 'failed'}">${result.passed ? '✓' : '✗'}</span>`
  const saw = html`<span class="saw">saw <mark class="${classes('value', { failing: !result.passed })}">${sawText(result)}</mark></span>`
  const leaf = classes('leaf', { passed: result.passed, failed: !result.passed })
  return html`<span class="${leaf}" data-pointer="${pointer}">${mark} ${describeLeaf(c)} ${saw}</span>`
}

/**
 * The value a leaf saw, or why there was none; with the explain API's note in brackets, as it gives it (why the
 * value had the wrong type: `"30" (a string; gt compares numbers)`).
 */
export function sawText (r: LeafResult): string {
  const seen = r.saw === null || r.saw === undefined ? 'nothing' : describeValue(r.saw)
  return r.note === undefined ? seen : `${seen} (${r.note})`
}
