// The last requests the Personalize routes received (a ring buffer): method, path, workspace, status,
// duration, headers with credentials redacted, the body as text, and the answer as sent. Entries keep references to
// what the request already holds (the fixture set and users it was decided with); the redacted copy,
// and any explanation, are made only when the journal is read, off the hot path.
import { SERVER_DEFAULTS } from '../defaults.js'
import type { IncomingHttpHeaders } from 'node:http'
import type { CompiledEnvironment, CompiledFixtures, CompiledWorkspace } from '../../fixtures/model.js'
import type { AdminFault, JournalEvent, JournalRequest, RequestRoute } from '../../generated/types.js'
import type { FetchAnswer } from '../../targeting/evaluate.js'
import type { Scope, Visitor } from '../../targeting/identity.js'
import { serializeFetchAnswer } from '../serialize.js'

export const BODY_LIMIT_IN_JOURNAL = 64 * 1024

/** What a fetch was decided with (or, when a fault answered instead, would have been): enough to explain it again. */
export interface DecisionInputs {
  /** The mock clock's instant the decision used. */
  readonly at: Date
  /** The environment's users as the server saw them. */
  readonly scope: Scope
  /** Who was asking: the user resolved then, as they were then (a version of a user is never changed afterwards). */
  readonly visitor: Visitor
}

/** The event journal entries an events call's actions went to, in action order, and the journal's seq before them. */
export interface JournaledEvents {
  readonly events: readonly JournalEvent[]
  readonly seqBefore: number
}

export interface RequestRecord {
  receivedAt: number
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** 0: the connection was dropped (an injected fault). */
  status: number
  durationMs: number
  body: string | undefined
  /**
   * The answer as sent, cut at BODY_LIMIT_IN_JOURNAL; undefined when none was sent. A fetch the engine answered
   * keeps the answer its text was written from instead (its served entries are shared and frozen, so writing it
   * again gives the same text): the journal then holds no copy of every answer (see answerText).
   */
  answer: string | FetchAnswer | undefined
  /** Whether the answer text was longer than the cut. */
  answerCut: boolean
  /** The fault applied, as it was then. */
  fault: AdminFault | undefined
  /** The fixture set, workspace and environment the MOE-APPKEY reached; undefined when it reached none. */
  fixtures: CompiledFixtures | undefined
  workspace: CompiledWorkspace | undefined
  environment: CompiledEnvironment | undefined
  /** A fetch the engine decided, or a fault answered instead. */
  decision: DecisionInputs | undefined
  /** An events call whose events were journaled. */
  events: JournaledEvents | undefined
  /** What replay made of the request, when a recording is replayed. */
  replay: JournalRequest['replay']
}

export type JournaledRequest = RequestRecord & { readonly seq: number }

/** The answer's text as it was sent (cut at BODY_LIMIT_IN_JOURNAL), and whether it was cut. */
export function answerText (e: RequestRecord): { text: string | undefined, cut: boolean } {
  if (e.answer === undefined || typeof e.answer === 'string') return { text: e.answer, cut: e.answerCut }
  return cutAnswer(serializeFetchAnswer(e.answer))
}

/** An answer's text cut at BODY_LIMIT_IN_JOURNAL: a fresh string, so nothing keeps the whole answer alive behind it. */
export function cutAnswer (text: string): { text: string, cut: boolean } {
  return text.length > BODY_LIMIT_IN_JOURNAL ? { text: Buffer.from(text).toString('utf8', 0, BODY_LIMIT_IN_JOURNAL), cut: true } : { text, cut: false }
}

export class RequestJournal {
  readonly #entries: JournaledRequest[] = []
  #seq = 0
  #evicted = 0

  constructor (readonly cap: number = SERVER_DEFAULTS.requestJournalCap) {}

  /** Takes ownership of `entry` (it gets its seq). */
  record (entry: RequestRecord): void {
    const numbered = entry as RequestRecord & { seq: number }
    numbered.seq = ++this.#seq
    this.#entries.push(numbered)
    if (this.#entries.length > this.cap) {
      this.#entries.shift()
      this.#evicted++
    }
  }

  /**
   * The entries `keep` keeps (or their newest `last`), credentials redacted: `mask` hides secrets (API keys)
   * wherever a path or body holds them.
   */
  list (mask: (text: string) => string = (t) => t, keep?: (e: JournaledRequest) => boolean, last?: number): JournalRequest[] {
    const kept = keep === undefined ? this.#entries : this.#entries.filter(keep)
    return (last === undefined ? kept : kept.slice(-last)).map((e) => toJournal(e, mask))
  }

  /** The entry numbered `seq`, if the journal still holds it. */
  get (seq: number): JournaledRequest | undefined {
    const first = this.#entries[0]
    return first === undefined ? undefined : this.#entries[seq - first.seq]
  }

  /** The newest seq given (0 before the first request). */
  get lastSeq (): number {
    return this.#seq
  }

  get evicted (): number {
    return this.#evicted
  }

  clear (): void {
    this.#entries.length = 0
    this.#evicted = 0
  }
}

/** The Personalize route each path names, whatever the method. */
const ROUTE_OF_PATH: ReadonlyMap<string, RequestRoute> = new Map([
  ['/v1/experiences/fetch', 'fetch'],
  ['/v1/experiences/metadata', 'metadata'],
  ['/v1/experiences/events', 'events'],
  ['/__mock/explain', 'explain']
])

/** The routes a journaled request may name. */
export const JOURNAL_ROUTES: readonly RequestRoute[] = [...ROUTE_OF_PATH.values()]

/** The route a journaled path (with its query) names; undefined for any other path. */
export function routeOf (path: string): RequestRoute | undefined {
  const end = path.indexOf('?')
  return ROUTE_OF_PATH.get(end === -1 ? path : path.slice(0, end))
}

/** Headers that carry credentials: never shown. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-admin-token'])

/** An entry as the admin API shows it, secrets redacted. */
export function toJournal (e: JournaledRequest, mask: (text: string) => string): JournalRequest {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(e.headers)) {
    if (value === undefined) continue
    headers[name] = SECRET_HEADERS.has(name) ? '[redacted]' : mask(Array.isArray(value) ? value.join(', ') : value)
  }
  const appKey = e.headers['moe-appkey']
  const route = routeOf(e.path)
  return {
    seq: e.seq,
    received_at: new Date(e.receivedAt).toISOString(),
    method: e.method,
    path: mask(e.path),
    ...(route === undefined ? {} : { route }),
    workspace: typeof appKey === 'string' ? appKey : null,
    ...(e.environment === undefined ? {} : { environment: e.environment.name }),
    status: e.status,
    duration_ms: Math.round(e.durationMs * 100) / 100,
    headers,
    body: e.body === undefined ? null : mask(e.body),
    ...(e.fault === undefined ? {} : { fault: e.fault.id }),
    ...(e.replay === undefined ? {} : { replay: e.replay })
  }
}
