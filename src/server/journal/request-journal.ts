// The last requests the Personalize routes received (a ring buffer): method, path, workspace, status,
// duration, headers with credentials redacted, and the body as text. Entries keep references to what the
// request already holds; the redacted copy is made only when the journal is read, off the hot path.
import { SERVER_DEFAULTS } from '../defaults.js'
import type { IncomingHttpHeaders } from 'node:http'
import type { Environment, JournalRequest } from '../../generated/types.js'

export const BODY_LIMIT_IN_JOURNAL = 64 * 1024

export interface RequestRecord {
  receivedAt: number
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** 0: the connection was dropped (an injected fault). */
  status: number
  durationMs: number
  body: string | undefined
  fault: number | undefined
  /** The environment the MOE-APPKEY reached; undefined when it reached none. */
  environment: Environment | undefined
  /** What replay made of the request, when a recording is replayed. */
  replay: JournalRequest['replay']
}

export class RequestJournal {
  readonly #entries: Array<RequestRecord & { seq: number }> = []
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
   * The journal (or its newest `last` entries), credentials redacted: `mask` hides secrets (API keys) wherever a
   * path or body holds them.
   */
  list (mask: (text: string) => string = (t) => t, last?: number): JournalRequest[] {
    return (last === undefined ? this.#entries : this.#entries.slice(-last)).map((e) => toJournal(e, mask))
  }

  get evicted (): number {
    return this.#evicted
  }

  clear (): void {
    this.#entries.length = 0
    this.#evicted = 0
  }
}

/** Headers that carry credentials: never shown. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-admin-token'])

function toJournal (e: RequestRecord & { seq: number }, mask: (text: string) => string): JournalRequest {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(e.headers)) {
    if (value === undefined) continue
    headers[name] = SECRET_HEADERS.has(name) ? '[redacted]' : mask(Array.isArray(value) ? value.join(', ') : value)
  }
  const appKey = e.headers['moe-appkey']
  return {
    seq: e.seq,
    received_at: new Date(e.receivedAt).toISOString(),
    method: e.method,
    path: mask(e.path),
    workspace: typeof appKey === 'string' ? appKey : null,
    ...(e.environment === undefined ? {} : { environment: e.environment }),
    status: e.status,
    duration_ms: Math.round(e.durationMs * 100) / 100,
    headers,
    body: e.body === undefined ? null : mask(e.body),
    ...(e.fault === undefined ? {} : { fault: e.fault }),
    ...(e.replay === undefined ? {} : { replay: e.replay })
  }
}
