// Small helpers for JSON values that come from outside: parsing without throwing, how deep a value nests (bodies
// and recordings deeper than MAX_JSON_DEPTH are refused: no Personalize call needs it, and whatever walks them later
// would exhaust its stack), and setting a key as an own data property whatever its name.

/** Objects and arrays inside objects and arrays: deeper bodies are refused (a choice; the vendor documents none). */
export const MAX_JSON_DEPTH = 256

/** Whether objects and arrays nest more than `max` levels. */
export function nestedDeeperThan (value: unknown, max: number): boolean {
  return keysWithin(value, max) < 0
}

/**
 * The keys of every object in a value, or -1 when objects and arrays nest more than `max` levels. The walk stops
 * descending at `max`, so its own depth is bounded by it (never by the value's), and it makes no arrays on the way.
 */
export function keysWithin (value: unknown, max: number, depth = 0): number {
  if (value === null || typeof value !== 'object') return 0
  if (depth >= max) return -1
  let keys = 0
  if (Array.isArray(value)) {
    for (const child of value) {
      const inner = keysWithin(child, max, depth + 1)
      if (inner < 0) return -1
      keys += inner
    }
    return keys
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const inner = keysWithin((value as Record<string, unknown>)[key], max, depth + 1)
    if (inner < 0) return -1
    keys += 1 + inner
  }
  return keys
}

/**
 * Whether a value parsed from `text` nests more than MAX_JSON_DEPTH levels. That takes more than MAX_JSON_DEPTH
 * opening brackets, so a text with fewer (a usual request body: they are counted, strings and all, with indexOf, in a
 * fifth of the time a walk takes) is not walked at all.
 */
export function parsedTooDeep (text: string, value: unknown): boolean {
  return bracketsMoreThan(text, MAX_JSON_DEPTH) && nestedDeeperThan(value, MAX_JSON_DEPTH)
}

const OPENING_BRACKETS = ['{', '['] as const

function bracketsMoreThan (text: string, max: number): boolean {
  let brackets = 0
  for (const bracket of OPENING_BRACKETS) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) if (++brackets > max) return true
  }
  return false
}

/** JSON text -> value; undefined when it is not JSON. */
export function tryParseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Sets `key` as an own, enumerable data property: a key such as "__proto__" stays data, never a prototype. */
export function setOwn (target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
