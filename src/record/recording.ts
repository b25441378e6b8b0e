// A recording document: built call by call while recording, checked when loaded for replay. Pure: the caller
// does the reading and writing.
import type { FixtureProblem } from '../fixtures/problems.js'
import type { MetadataResponse, RecordedInteraction, RecordedResponse, Recording } from '../generated/types.js'
import { MAX_JSON_DEPTH, nestedDeeperThan, parsedTooDeep, setOwn, tryParseJson } from '../validation/json.js'
import { normaliseRequest, REDACTED, redact, redactText, type IncomingRequest } from './normalize.js'

export const RECORDING_FORMAT = 'personalize-mock-recording/1'

/** Answer headers kept: the ones an app may act on. */
const KEPT_HEADERS = ['content-type', 'retry-after'] as const

export interface UpstreamAnswer {
  status: number
  headers: Headers | Readonly<Record<string, string | undefined>>
  /** The body as received (decoded). */
  text: string
}

export interface RecorderOptions {
  /** The API root the calls go to. */
  upstream: string
  /** Body (and query) fields to mask wherever they appear. */
  redact?: readonly string[]
  /** Written into the file as recorded_with. */
  recordedWith?: string
  now?: () => Date
}

/** Accumulates a recording; `recording` is the document to write after each change. */
export class Recorder {
  readonly recording: Recording
  readonly #redacted: ReadonlySet<string>
  readonly #now: () => Date
  /** Each interaction as the file's text holds it, made once: a long session does not re-serialise its past. */
  readonly #texts: string[] = []

  constructor (o: RecorderOptions) {
    this.#now = o.now ?? (() => new Date())
    this.#redacted = new Set(o.redact ?? [])
    this.recording = {
      format: RECORDING_FORMAT,
      ...(o.recordedWith === undefined ? {} : { recorded_with: o.recordedWith }),
      upstream: o.upstream,
      recorded_at: this.#now().toISOString(),
      ...(this.#redacted.size === 0 ? {} : { redacted_fields: [...this.#redacted] }),
      metadata: {},
      interactions: []
    }
  }

  /**
   * Records one call and its answer. `secrets` (the API key of the call) are masked wherever they appear, so a
   * client that puts one in a body or a query never writes it to the file.
   */
  add (request: IncomingRequest, answer: UpstreamAnswer, durationMs: number, secrets: readonly string[] = []): RecordedInteraction {
    const interaction: RecordedInteraction = scrub({
      recorded_at: this.#now().toISOString(),
      duration_ms: Math.round(durationMs * 100) / 100,
      request: normaliseRequest(request, this.#redacted),
      response: this.#response(answer)
    }, secrets)
    this.recording.interactions.push(interaction)
    return interaction
  }

  /**
   * The recording as file text: exactly `JSON.stringify(recording, null, 2)`, with each interaction serialised only
   * the first time (interactions are never changed once added).
   */
  toJson (): string {
    const { interactions, ...head } = this.recording
    for (let i = this.#texts.length; i < interactions.length; i++) {
      // Indented at each \n only: JSON text holds no other line break that counts (U+2028 stays unescaped inside strings).
      this.#texts.push('    ' + JSON.stringify(interactions[i], null, 2).replace(/\n/g, '\n    '))
    }
    const text = JSON.stringify({ ...head, interactions: [] }, null, 2)
    if (interactions.length === 0) return text + '\n'
    return `${text.slice(0, -'[]\n}'.length)}[\n${this.#texts.join(',\n')}\n  ]\n}\n`
  }

  hasMetadata (workspace: string): boolean {
    return Object.hasOwn(this.recording.metadata ?? {}, workspace)
  }

  /** Keeps the workspace's experience list (a 200 metadata answer). */
  setMetadata (workspace: string, body: MetadataResponse): void {
    const all = this.recording.metadata ?? (this.recording.metadata = {})
    const masked = redact(body, this.#redacted) as MetadataResponse
    setOwn(all, workspace, { recorded_at: this.#now().toISOString(), body: masked })
  }

  #response (answer: UpstreamAnswer): RecordedResponse {
    const out: RecordedResponse = { status: answer.status }
    const headers: Record<string, string> = {}
    for (const name of KEPT_HEADERS) {
      const value = answer.headers instanceof Headers ? answer.headers.get(name) : answer.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    if (Object.keys(headers).length > 0) out.headers = headers
    const body = parseJson(answer.text)
    if (body !== undefined) out.body = redact(body, this.#redacted) as RecordedResponse['body']
    else if (answer.text !== '') out.body_text = redactText(answer.text, this.#redacted)
    return out
  }
}

/** JSON text -> value; undefined when it is not JSON or nests deeper than any Personalize answer. */
export function parseJson (text: string): unknown {
  const value = tryParseJson(text)
  return value !== undefined && parsedTooDeep(text, value) ? undefined : value
}

/** What the schema cannot say about a recording: bodies must nest no deeper than a request may. */
export function checkRecording (doc: Recording, file: string): FixtureProblem[] {
  const problems: FixtureProblem[] = []
  doc.interactions.forEach((x, i) => {
    for (const [part, value] of [['request', x.request.body], ['response', x.response.body]] as const) {
      if (value !== undefined && nestedDeeperThan(value, MAX_JSON_DEPTH)) {
        problems.push({
          file,
          pointer: `/interactions/${i}/${part}/body`,
          message: `nests deeper than ${MAX_JSON_DEPTH} levels, which no Personalize call does`
        })
      }
    }
  })
  return problems
}

/** A copy with every occurrence of each secret (4 characters or more) in a string or key replaced by "[redacted]". */
function scrub<T> (value: T, secrets: readonly string[]): T {
  const hidden = secrets.filter((s) => s.length >= 4)
  if (hidden.length === 0) return value
  const mask = (text: string): string => hidden.reduce((t, s) => t.split(s).join(REDACTED), text)
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v)
    if (Array.isArray(v)) return v.map(walk)
    if (v === null || typeof v !== 'object') return v
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) setOwn(out, mask(k), walk(x))
    return out
  }
  return walk(value) as T
}
