// The answers of a recording, looked up by request. Pure apart from its cursors: no I/O.
// A request matches a recorded one when method, path, query and workspace are equal and the bodies are equal
// once the recorded volatile values are set aside (and redacted fields, masked on both sides, match any value).
// When the same call was recorded several times, its answers are given in recorded order, the last one repeating.
// Refusals of the credentials (401, and 400 "Request Error" for an unknown workspace) are kept in the file but
// never replayed: the mock checks credentials itself, so a call that reaches replay has passed that check.
import type { RecordedInteraction, RecordedRequest, Recording } from '../generated/types.js'
import { differences, type Difference } from './near-miss.js'
import { comparableBody, normaliseRequest, routeKey, type IncomingRequest } from './normalize.js'

export type ReplayOutcome =
  | { matched: true, index: number, interaction: RecordedInteraction }
  | { matched: false, request: RecordedRequest, nearest: NearMiss | undefined }

export interface NearMiss {
  /** Position of the closest recorded interaction in the file's `interactions`. */
  index: number
  request: RecordedRequest
  differences: Difference[]
}

interface Entry {
  index: number
  interaction: RecordedInteraction
  body: string
}

export class ReplayStore {
  readonly redacted: ReadonlySet<string>
  readonly #byRoute = new Map<string, Entry[]>()
  readonly #interactions: readonly RecordedInteraction[]
  /** How many times each group of identical calls (keyed by its first index) has been answered. */
  readonly #served = new Map<number, number>()

  constructor (readonly recording: Recording, readonly source: string) {
    this.redacted = new Set(recording.redacted_fields ?? [])
    this.#interactions = recording.interactions
    recording.interactions.forEach((interaction, index) => {
      if (isAuthRefusal(interaction)) return
      const key = routeKey(interaction.request)
      const group = this.#byRoute.get(key) ?? []
      group.push({ index, interaction, body: comparableBody(interaction.request) })
      this.#byRoute.set(key, group)
    })
  }

  get size (): number {
    return this.#interactions.length
  }

  answer (incoming: IncomingRequest): ReplayOutcome {
    const request = normaliseRequest(incoming, this.redacted)
    const group = this.#byRoute.get(routeKey(request)) ?? []
    // Each recorded request's own volatile pointers apply to the incoming body (a file may list more by hand).
    const same = group.filter((e) => e.body === comparableBody(request, e.interaction.request.volatile ?? []))
    const first = same[0]
    if (first === undefined) return { matched: false, request, nearest: this.#nearest(request, group) }
    const times = this.#served.get(first.index) ?? 0
    this.#served.set(first.index, times + 1)
    const chosen = same[Math.min(times, same.length - 1)] as Entry
    return { matched: true, index: chosen.index, interaction: chosen.interaction }
  }

  /** Back to the first recorded answer of every call (the admin reset). */
  rewind (): void {
    this.#served.clear()
  }

  /** Interactions replay can answer with (the file's, auth refusals aside). */
  get answerable (): number {
    let n = 0
    for (const group of this.#byRoute.values()) n += group.length
    return n
  }

  /** The recorded request with the fewest differences, same route first; ties go to the earliest. */
  #nearest (request: RecordedRequest, sameRoute: readonly Entry[]): NearMiss | undefined {
    const pool = sameRoute.length > 0
      ? sameRoute.map((e) => e.index)
      : this.#interactions.flatMap((x, i) => x.request.path === request.path && !isAuthRefusal(x) ? [i] : [])
    let best: NearMiss | undefined
    for (const index of pool) {
      const recorded = (this.#interactions[index] as RecordedInteraction).request
      const found = differences(recorded, request)
      if (best === undefined || found.length < best.differences.length) best = { index, request: recorded, differences: found }
    }
    return best
  }
}

function isAuthRefusal (x: RecordedInteraction): boolean {
  const { status, body } = x.response
  return status === 401 || (status === 400 && (body as { title?: unknown } | undefined)?.title === 'Request Error')
}
