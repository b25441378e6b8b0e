// Where an unrecorded request differs from a recorded one: the "near miss" replay names when it cannot answer.
// Pure: no I/O.
import type { RecordedRequest } from '../generated/types.js'
import { pointer } from '../fixtures/problems.js'
import { sortKeys } from './normalize.js'

export interface Difference {
  /** What differs: "method", "path", "workspace", "query ?name" or the JSON pointer of a body value. */
  at: string
  recorded: unknown
  got: unknown
}

const MISSING = Symbol('missing')

/** Every difference between a recorded request and the one received, volatile body values aside. */
export function differences (recorded: RecordedRequest, got: RecordedRequest): Difference[] {
  const out: Difference[] = []
  const field = (at: string, a: unknown, b: unknown): void => { if (a !== b) out.push({ at, recorded: a, got: b }) }
  field('method', recorded.method, got.method)
  field('path', recorded.path, got.path)
  field('workspace', recorded.workspace, got.workspace)
  const rq = recorded.query ?? {}
  const gq = got.query ?? {}
  for (const name of [...new Set([...Object.keys(rq), ...Object.keys(gq)])].sort()) {
    const a = Object.hasOwn(rq, name) ? JSON.stringify(rq[name]) : undefined
    const b = Object.hasOwn(gq, name) ? JSON.stringify(gq[name]) : undefined
    if (a !== b) out.push({ at: `query ?${name}`, recorded: a === undefined ? undefined : rq[name], got: b === undefined ? undefined : gq[name] })
  }
  const volatile = new Set(recorded.volatile ?? [])
  if (recorded.body_text !== undefined || got.body_text !== undefined) field('body', recorded.body_text ?? recorded.body, got.body_text ?? got.body)
  else walk('', recorded.body ?? MISSING, got.body ?? MISSING, volatile, out)
  return out
}

function walk (at: string, a: unknown, b: unknown, volatile: ReadonlySet<string>, out: Difference[]): void {
  if (volatile.has(at)) return
  const container = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object'
  if (container(a) && container(b) && Array.isArray(a) === Array.isArray(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      walk(at + pointer(key),
        Object.hasOwn(a, key) ? a[key] : MISSING, Object.hasOwn(b, key) ? b[key] : MISSING, volatile, out)
    }
    return
  }
  if (JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b)) && (a === MISSING) === (b === MISSING)) return
  out.push({ at: at === '' ? 'body' : at, recorded: a === MISSING ? undefined : a, got: b === MISSING ? undefined : b })
}

/**
 * Every leaf of a request (method, path, workspace, each query parameter, each body value) by where it is, as JSON
 * text: what `distance` compares. Built once per recorded request, so finding the nearest of many is quick.
 */
export function leavesOf (req: RecordedRequest): Map<string, string> {
  const out = new Map<string, string>([['method', req.method], ['path', req.path], ['workspace', String(req.workspace)]])
  for (const [name, value] of Object.entries(req.query ?? {})) out.set(`query ?${name}`, JSON.stringify(value))
  if (req.body_text !== undefined) out.set('body', JSON.stringify(req.body_text))
  const visit = (at: string, v: unknown): void => {
    if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) {
      for (const [key, child] of Object.entries(v)) visit(at + pointer(key), child)
    } else {
      out.set(at === '' ? 'body' : at, JSON.stringify(v) ?? 'null')
    }
  }
  if (req.body !== undefined) visit('', req.body)
  return out
}

/** How many leaves differ between a recorded request and the one received, the recorded volatile values aside. */
export function distance (recorded: ReadonlyMap<string, string>, got: ReadonlyMap<string, string>, volatile: readonly string[]): number {
  const skipped = (at: string): boolean => volatile.length > 0 && volatile.some((v) => at === v || at.startsWith(`${v}/`))
  let n = 0
  for (const [at, value] of recorded) if (got.get(at) !== value && !skipped(at)) n++
  for (const at of got.keys()) if (!recorded.has(at) && !skipped(at)) n++
  return n
}

/** A difference in words, values cut short: `/identifiers/customer_id: recorded "u1", got "u2"`. */
export function describeDifference (d: Difference): string {
  return `${d.at}: recorded ${shown(d.recorded)}, got ${shown(d.got)}`
}

function shown (v: unknown): string {
  if (v === undefined) return 'nothing'
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
