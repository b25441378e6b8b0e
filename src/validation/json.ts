// Small helpers for JSON values that come from outside: parsing without throwing, how deep a value nests (bodies
// and recordings deeper than MAX_JSON_DEPTH are refused: no Personalize call needs it, and whatever walks them later
// would exhaust its stack), and setting a key as an own data property whatever its name.

/** Objects and arrays inside objects and arrays: deeper bodies are refused (a choice; the vendor documents none). */
export const MAX_JSON_DEPTH = 256

/** Whether objects and arrays nest more than `max` levels; iterative, so depth itself cannot overflow the stack. */
export function nestedDeeperThan (value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [v, depth] = next
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
    }
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
