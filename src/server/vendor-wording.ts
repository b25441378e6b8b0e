// Schema violations -> the vendor's "Invalid Field Value" descriptions.
// Documented (facts sheet §4): the enum sentence of fetch, and the events sentence
// "elements - Validators Failed : Validator: Element, Errored Field: actions".
// Everything else is a choice, written in the same "<field> - <reason>" form; see the README.
import type { Diagnostic } from '../validation/registry.js'

/** Fetch: "<dotted field> - <reason>", e.g. the documented DAY_OF_THE_WEEK enum sentence. */
export function describeFetchViolation (d: Diagnostic): string {
  return `${fieldOf(d)} - ${reason(d)}`
}

/**
 * Events: a violation inside an element names the element's top-level field, as the vendor's
 * documented sentence does; a violation of the batch itself names `elements`.
 */
export function describeEventsViolation (d: Diagnostic): string {
  const path = segments(d)
  if (path[0] === 'elements' && path.length >= 2) {
    return `elements - Validators Failed : Validator: Element, Errored Field: ${path[2] ?? 'elements'}`
  }
  return describeFetchViolation(d)
}

/** The offending field as a dotted path; for a missing property, the property itself. */
function fieldOf (d: Diagnostic): string {
  const path = segments(d)
  return path.length === 0 ? 'body' : path.join('.')
}

function segments (d: Diagnostic): string[] {
  const path = d.pointer === '' ? [] : d.pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (d.keyword === 'required') path.push(String(d.params.missingProperty))
  return path
}

const TYPE_NOUNS: Record<string, string> = {
  string: 'string', integer: 'integer', number: 'number', boolean: 'boolean', array: 'list', object: 'mapping', null: 'null'
}

function reason (d: Diagnostic): string {
  const p = d.params
  switch (d.keyword) {
    case 'enum':
      return `Enum doesnt allow value: ${show(d.value)}, allowed values: [${(p.allowedValues as unknown[]).map(show).join(', ')}]`
    case 'type':
      return `Not a valid ${String(p.type).split(',').map((t) => TYPE_NOUNS[t] ?? t).join(' or ')}.`
    case 'required':
      return 'Missing data for required field.'
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `Must be ${comparison(d.keyword)} ${String(p.limit)}.`
    case 'minItems':
      return `Length must be at least ${String(p.limit)}.`
    case 'maxItems':
      return `Length must be at most ${String(p.limit)}.`
    case 'minLength':
      return `Shorter than minimum length ${String(p.limit)}.`
    case 'pattern':
      return 'String does not match expected pattern.'
    default:
      return d.message
  }
}

function comparison (keyword: string): string {
  const words: Record<string, string> = {
    minimum: 'greater than or equal to',
    maximum: 'less than or equal to',
    exclusiveMinimum: 'greater than',
    exclusiveMaximum: 'less than'
  }
  return words[keyword] ?? keyword
}

/** Strings as they are (the vendor prints `funday`, not `"funday"`); anything else as JSON. */
function show (value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
}
