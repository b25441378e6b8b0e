// The answers of a recording, looked up by request. Pure apart from its cursors: no I/O.
// A request matches a recorded one when method, path, query and workspace are equal and the bodies are equal
// once the recorded volatile values are set aside (and redacted fields, masked on both sides, match any value).
// When the same call was recorded several times, its answers are given in recorded order, the last one repeating.
// Refusals of the credentials (401, and 400 "Request Error" for an unknown workspace) are kept in the file but
// never replayed: the mock checks credentials itself, so a call that reaches replay has passed that check.
import type { RecordedInteraction, RecordedRequest, Recording } from '../generated/types.js'
import { differences, distance, leavesOf, type Difference } from './near-miss.js'
import { comparableBody, normaliseRequest, routeKey, type IncomingRequest } from './normalize.js'

export type ReplayOutcome =
  | { matched: true, index: number, interaction: RecordedInteraction }
  | { matched: false, request: RecordedRequest, nearest: NearMiss | undefined }

/**
 * What a lookup found, before any answer is used up: the recorded calls the request matches (in recorded order),
 * or none. `take` then gives the next answer; a request refused meanwhile (a fault, the rate limit) uses none.
 */
export type ReplayLookup =
  | { matched: true, request: RecordedRequest, entries: readonly Entry[] }
  | { matched: false, request: RecordedRequest, sameRoute: readonly Entry[] }

export interface NearMiss {
  /** Position of the closest recorded interaction in the file's `interactions`. */
  index: number
  request: RecordedRequest
  differences: Difference[]
}

export interface Entry {
  index: number
  interaction: RecordedInteraction
  /** The request's leaves, made on the first near miss that needs them. */
  leaves?: Map<string, string>
}

/**
 * The recorded calls of one route (method, path, query, workspace), indexed by body: one index per list of
 * volatile pointers (usually one or two lists per route), so a lookup costs one comparable body per list.
 */
interface Route {
  entries: Entry[]
  byVolatile: Map<string, { volatile: readonly string[], bodies: Map<string, Entry[]> }>
}

export class ReplayStore {
  readonly redacted: ReadonlySet<string>
  readonly #byRoute = new Map<string, Route>()
  /** How many times each group of identical calls (keyed by its first index) has been answered. */
  readonly #served = new Map<number, number>()

  constructor (readonly recording: Recording, readonly source: string) {
    this.redacted = new Set(recording.redacted_fields ?? [])
    recording.interactions.forEach((interaction, index) => {
      if (isAuthRefusal(interaction)) return
      const key = routeKey(interaction.request)
      let route = this.#byRoute.get(key)
      if (route === undefined) {
        route = { entries: [], byVolatile: new Map() }
        this.#byRoute.set(key, route)
      }
      const entry = { index, interaction }
      route.entries.push(entry)
      const volatile = interaction.request.volatile ?? []
      const signature = JSON.stringify(volatile)
      let indexed = route.byVolatile.get(signature)
      if (indexed === undefined) {
        indexed = { volatile, bodies: new Map() }
        route.byVolatile.set(signature, indexed)
      }
      const body = comparableBody(interaction.request)
      const same = indexed.bodies.get(body)
      if (same === undefined) indexed.bodies.set(body, [entry])
      else same.push(entry)
    })
  }

  get size (): number {
    return this.recording.interactions.length
  }

  /** The lookup and its answer in one step (the next answer is used up when the request matches). */
  answer (incoming: IncomingRequest): ReplayOutcome {
    const found = this.lookup(incoming)
    return found.matched ? this.take(found) : this.miss(found)
  }

  /** The recorded calls this request matches; nothing is used up. */
  lookup (incoming: IncomingRequest): ReplayLookup {
    const request = normaliseRequest(incoming, this.redacted)
    const route = this.#byRoute.get(routeKey(request))
    // Each recorded request's own volatile pointers apply to the incoming body (a file may list more by hand).
    const same: Entry[] = []
    for (const { volatile, bodies } of route?.byVolatile.values() ?? []) same.push(...(bodies.get(comparableBody(request, volatile)) ?? []))
    same.sort((a, b) => a.index - b.index)
    return same.length > 0 ? { matched: true, request, entries: same } : { matched: false, request, sameRoute: route?.entries ?? [] }
  }

  /** The next recorded answer of a matched call: in recorded order, the last one repeating. */
  take (found: Extract<ReplayLookup, { matched: true }>): Extract<ReplayOutcome, { matched: true }> {
    const first = found.entries[0] as Entry
    const times = this.#served.get(first.index) ?? 0
    this.#served.set(first.index, times + 1)
    const chosen = found.entries[Math.min(times, found.entries.length - 1)] as Entry
    return { matched: true, index: chosen.index, interaction: chosen.interaction }
  }

  /** An unmatched call, with the closest recorded one. */
  miss (found: Extract<ReplayLookup, { matched: false }>): Extract<ReplayOutcome, { matched: false }> {
    return { matched: false, request: found.request, nearest: this.#nearest(found.request, found.sameRoute) }
  }

  /** Back to the first recorded answer of every call (the admin reset). */
  rewind (): void {
    this.#served.clear()
  }

  /**
   * The recorded request with the fewest differing leaves, among the same route's calls when it has any, else
   * among the calls to the same path; ties go to the earliest. Its differences are then named in full.
   */
  #nearest (request: RecordedRequest, sameRoute: readonly Entry[]): NearMiss | undefined {
    const pool = sameRoute.length > 0 ? sameRoute : this.#samePath(request.path)
    const got = leavesOf(request)
    let best: Entry | undefined
    let fewest = Infinity
    for (const entry of pool) {
      entry.leaves ??= leavesOf(entry.interaction.request)
      const d = distance(entry.leaves, got, entry.interaction.request.volatile ?? [])
      if (d < fewest) {
        fewest = d
        best = entry
      }
    }
    if (best === undefined) return undefined
    return { index: best.index, request: best.interaction.request, differences: differences(best.interaction.request, request) }
  }

  #samePath (path: string): Entry[] {
    const out: Entry[] = []
    for (const route of this.#byRoute.values()) for (const e of route.entries) if (e.interaction.request.path === path) out.push(e)
    return out.sort((a, b) => a.index - b.index)
  }
}

function isAuthRefusal (x: RecordedInteraction): boolean {
  const { status, body } = x.response
  return status === 401 || (status === 400 && (body as { title?: unknown } | undefined)?.title === 'Request Error')
}
