// A request as a recording keeps it, and the key replay matches it by. Pure: no I/O.
//   - the body's keys are sorted (recursively), so key order never makes two requests differ;
//   - values of the fields named for redaction become "[redacted]" wherever they appear;
//   - values that change on every call (an event's moe_event_uuid and event_time) are kept, but their JSON
//     pointers are listed as volatile and left out of the match key.
import type { RecordedRequest } from '../generated/types.js'
import { setOwn } from '../validation/json.js'

export const REDACTED = '[redacted]'

/** Fields of an event action that a retry or a new call always changes. */
export const VOLATILE_ACTION_FIELDS = ['moe_event_uuid', 'event_time'] as const

/** The calls a recording keeps and replay answers: the Personalize API's three routes. */
export const RECORDED_PATHS = ['/v1/experiences/fetch', '/v1/experiences/metadata', '/v1/experiences/events'] as const

export interface IncomingRequest {
  method: string
  /** Path and query as received, e.g. /v1/experiences/metadata?status=Active. */
  url: string
  /** The MOE-APPKEY header. */
  workspace: string | undefined
  /** The parsed JSON body; undefined when there was none. */
  body?: unknown
  /** A body that is not JSON, as text. */
  bodyText?: string
}

/** The recorded form of a request, with `redacted` field names masked. */
export function normaliseRequest (req: IncomingRequest, redacted: ReadonlySet<string>): RecordedRequest {
  const { path, query } = splitUrl(req.url)
  const out: RecordedRequest = { method: req.method.toUpperCase() as RecordedRequest['method'], path, workspace: req.workspace ?? null }
  const maskedQuery = redactQuery(query, redacted)
  if (Object.keys(maskedQuery).length > 0) out.query = maskedQuery
  if (req.body !== undefined) {
    out.body = sortKeys(redact(req.body, redacted)) as RecordedRequest['body']
    const volatile = volatilePointers(path, out.body)
    if (volatile.length > 0) out.volatile = volatile
  } else if (req.bodyText !== undefined && req.bodyText !== '') {
    out.body_text = redactText(req.bodyText, redacted)
  }
  return out
}

/** Whether a path is one of the Personalize routes (the query aside). */
export function isRecordedPath (path: string): boolean {
  return (RECORDED_PATHS as readonly string[]).includes(path)
}

/** Method, path, query and workspace: requests that differ here are different calls, whatever their bodies. */
export function routeKey (req: RecordedRequest): string {
  return JSON.stringify([req.method, req.path, sortKeys(req.query ?? {}), req.workspace])
}

/**
 * The body as replay compares it, as text: the values at the `volatile` pointers replaced by a marker. Both sides
 * must have been normalised with the same redactions.
 */
export function comparableBody (req: RecordedRequest, volatile: readonly string[] = req.volatile ?? []): string {
  if (req.body === undefined) return JSON.stringify({ text: req.body_text ?? null })
  const copy = sortKeys(req.body)
  for (const p of volatile) setAt(copy, p, '(volatile)')
  return JSON.stringify({ body: copy })
}

export function splitUrl (url: string): { path: string, query: Record<string, string | string[]> } {
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  const query: Record<string, string | string[]> = {}
  if (q !== -1) {
    for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
      const had = Object.hasOwn(query, name) ? query[name] : undefined
      setOwn(query, name, had === undefined ? value : [had, value].flat())
    }
  }
  return { path, query }
}

/** A copy with object keys in code-point order at every level. */
export function sortKeys (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) setOwn(out, key, sortKeys((value as Record<string, unknown>)[key]))
  return out
}

/** A copy with the value of every field named in `fields`, at any depth, replaced by "[redacted]". */
export function redact (value: unknown, fields: ReadonlySet<string>): unknown {
  if (fields.size === 0) return value
  if (Array.isArray(value)) return value.map((v) => redact(v, fields))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) setOwn(out, key, fields.has(key) ? REDACTED : redact(v, fields))
  return out
}

/**
 * The same for a body that is not JSON (broken JSON, a form): the values of `"field": value` and `field=value`
 * become "[redacted]". A field whose value is an object or a list in broken JSON is beyond a text scan.
 */
export function redactText (text: string, fields: ReadonlySet<string>): string {
  let out = text
  for (const field of fields) {
    const name = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    out = out
      .replace(new RegExp(`("${name}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^\\s,}\\]]+)`, 'g'), `$1"${REDACTED}"`)
      .replace(new RegExp(`(^|[?&;\\s])(${name})=([^&;\\s]*)`, 'g'), `$1$2=${REDACTED}`)
  }
  return out
}

function redactQuery (query: Record<string, string | string[]>, fields: ReadonlySet<string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(query)) setOwn(out, name, fields.has(name) ? REDACTED : value)
  return out
}

/** JSON pointers of the volatile values in a body of `path` (events: each action's uuid and time). */
export function volatilePointers (path: string, body: unknown): string[] {
  if (path !== '/v1/experiences/events' || !isObject(body) || !Array.isArray(body.elements)) return []
  const out: string[] = []
  body.elements.forEach((element, e) => {
    if (!isObject(element) || !Array.isArray(element.actions)) return
    element.actions.forEach((action, a) => {
      if (!isObject(action)) return
      for (const field of VOLATILE_ACTION_FIELDS) if (Object.hasOwn(action, field)) out.push(`/elements/${e}/actions/${a}/${field}`)
    })
  })
  return out
}

/** Replaces the value at a JSON pointer when it exists; walks own properties only (a pointer from a file may say anything). */
function setAt (root: unknown, pointer: string, value: unknown): void {
  if (!pointer.startsWith('/')) return
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const last = parts.pop() as string
  let node = root
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return
    node = (node as Record<string, unknown>)[part]
  }
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, last)) setOwn(node as Record<string, unknown>, last, value)
}

function isObject (v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
