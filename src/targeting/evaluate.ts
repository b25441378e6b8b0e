// (workspace, fetch request, now) -> which experiences are served, and why each other one is not.
// Pure: no I/O, no clock of its own. The decision rules, in order (docs/fixtures.md, Decision rules):
//   key unknown -> IN_VALID_EXPERIENCE_KEY; past the 25th key -> MAX_LIMIT_BREACHED;
//   not Active or before its start -> EXPERIENCE_NOT_ACTIVE; at or after its end -> EXPERIENCE_EXPIRED;
//   the user's fixture assignment, if any -> its audience and variation, or USER_NOT_IN_SEGMENT;
//   global control group (when the experience respects it) -> USER_IN_GLOBAL_CONTROL_GROUP;
//   no audience matches (tried in order, first match wins) -> USER_NOT_IN_SEGMENT;
//   in the audience's control group -> USER_IN_CAMPAIGN_CONTROL_GROUP; else the bucketed variation.
import type { DecisionReason, FetchRequest, FetchResponse, ServedExperience } from '../generated/types.js'
import { MAX_SERVED_KEYS } from '../vendor/limits.js'
import type { LeafResult } from '../fixtures/conditions/compile.js'
import type { CompiledAudience, CompiledExperience, CompiledVariation, CompiledWorkspace } from '../fixtures/model.js'
import { bucketFrom, pickByWeight } from './bucketing.js'
import { fixtureScope, resolveVisitor, type Scope, type Visitor } from './identity.js'
import { Visit } from './visit.js'

export interface AudienceTrace {
  audience: CompiledAudience
  matched: boolean
  leaves: LeafResult[]
  /** Ruled out as a whole: an anonymous visitor, and user-attribute or segment conditions somewhere in the tree. */
  ruledOut: boolean
}

export interface Decision {
  key: string
  reason: DecisionReason
  experience?: CompiledExperience
  /** Audiences tried, in order (explain only). */
  audiences?: AudienceTrace[]
  audience?: CompiledAudience
  controlBucket?: number
  bucket?: number
  variation?: CompiledVariation
  /** True when the user's fixture assignment decided (no audience was tried, nothing was drawn). */
  assigned?: true
}

export function startVisit (ws: CompiledWorkspace, request: FetchRequest, now: Date, scope: Scope = fixtureScope(ws.live)): Visit {
  return new Visit(ws, scope, request, resolveVisitor(scope.users, request.identifiers), now)
}

/** The fetch response: served experiences only, in the order asked. Default scope: Live, fixture users only. */
export function evaluateFetch (ws: CompiledWorkspace, request: FetchRequest, now: Date, scope?: Scope): FetchResponse {
  return responseOf(decideFetch(ws, request, now, scope).answer)
}

/**
 * A fetch answer as lists, in the order served: the keys and, at the same index, each key's entry. What the server
 * sends and journals; a FetchResponse (responseOf) holds the same, as an object keyed by experience key, which costs a
 * request a dictionary to fill and read back.
 */
export interface FetchAnswer {
  readonly keys: readonly string[]
  readonly entries: readonly ServedExperience[]
}

export function responseOf (answer: FetchAnswer): FetchResponse {
  // No prototype: an experience key such as "__proto__" must become a plain property.
  const experiences: Record<string, ServedExperience> = Object.create(null)
  answer.keys.forEach((key, i) => { experiences[key] = answer.entries[i] as ServedExperience })
  return { experiences }
}

/** The fetch answer and who it was for (the server records what it served to whom). */
export function decideFetch (ws: CompiledWorkspace, request: FetchRequest, now: Date, scope?: Scope): { answer: FetchAnswer, visitor: Visitor } {
  const visit = startVisit(ws, request, now, scope)
  const nowMs = now.getTime()
  const keys: string[] = []
  const entries: ServedExperience[] = []
  forEachPlannedKey(ws, request.experience_key, (key, experience, withinLimit) => {
    if (experience === undefined || !withinLimit) return
    const variation = decide(experience, visit, nowMs, false).variation
    if (variation === undefined) return
    keys.push(key)
    entries.push(variation.served.get())
  })
  return { answer: { keys, entries }, visitor: visit.visitor }
}

/**
 * Calls `each` for the keys asked, in request order, each once; without keys (omitted, or [] unless the behaviour
 * says empty_experience_key "none"), for every experience of the workspace in fixture order. Only the first
 * MAX_SERVED_KEYS entries of the request count. A callback rather than a list: a fetch makes no object per key.
 */
export function forEachPlannedKey (
  ws: CompiledWorkspace, keys: readonly string[] | undefined,
  each: (key: string, experience: CompiledExperience | undefined, withinLimit: boolean) => void
): void {
  if (keys === undefined || (keys.length === 0 && ws.rules.emptyKeyListServesAll)) {
    for (const e of ws.experiences) each(e.key, e, true)
    return
  }
  const seen = new Set<string>()
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    const before = seen.size
    seen.add(key)
    if (seen.size === before) continue // asked before: one lookup tells
    each(key, ws.experiencesByKey.get(key), i < MAX_SERVED_KEYS)
  }
}

/** Whether an experience can be served to anyone at `nowMs`: its status and schedule, before any visitor. */
export function availability (exp: CompiledExperience, nowMs: number): 'SERVABLE' | 'EXPERIENCE_NOT_ACTIVE' | 'EXPERIENCE_EXPIRED' {
  if (exp.status !== 'Active') return 'EXPERIENCE_NOT_ACTIVE'
  const schedule = exp.schedule
  if (schedule !== undefined && nowMs < schedule.startMs) return 'EXPERIENCE_NOT_ACTIVE'
  if (schedule?.endMs !== undefined && nowMs >= schedule.endMs) return 'EXPERIENCE_EXPIRED'
  return 'SERVABLE'
}

/** Decides one experience for a visit. With `trace`, every audience tried is recorded with its leaves. */
export function decide (exp: CompiledExperience, visit: Visit, nowMs: number, trace: boolean): Decision {
  const key = exp.key
  const available = availability(exp, nowMs)
  if (available !== 'SERVABLE') return { key, reason: available, experience: exp }
  const { user, bucketingId } = visit.visitor
  const assignment = visit.assignments?.get(key)
  if (assignment !== undefined) {
    return assignment.served
      ? { key, reason: 'SERVED', experience: exp, audience: assignment.audience, variation: assignment.variation, assigned: true }
      : { key, reason: 'USER_NOT_IN_SEGMENT', experience: exp, assigned: true }
  }
  if (exp.respectGlobalControlGroup && user?.global_control_group === true) {
    return { key, reason: 'USER_IN_GLOBAL_CONTROL_GROUP', experience: exp }
  }

  const audiences: AudienceTrace[] | undefined = trace ? [] : undefined
  const anonymous = user === undefined
  let audience: CompiledAudience | undefined
  for (const a of exp.audiences) {
    const c = a.condition
    // An anonymous visitor matches only audiences without user-attribute or segment conditions,
    // whatever the tree around them (a `not` does not turn "no user" into a match).
    const ruledOut = anonymous && c !== undefined && c.needsUser
    let matched: boolean
    if (audiences === undefined) matched = c === undefined || (!ruledOut && c.test(visit))
    else {
      const leaves: LeafResult[] = []
      matched = (c === undefined || c.explain(visit, leaves)) && !ruledOut
      audiences.push({ audience: a, matched, leaves, ruledOut })
    }
    if (matched) {
      audience = a
      break
    }
  }
  // One shape for every decision past this point (fields set only when they apply), built without spreads.
  const decision: Decision = { key, reason: 'USER_NOT_IN_SEGMENT', experience: exp }
  if (audiences !== undefined) decision.audiences = audiences
  if (audience === undefined) return decision
  decision.audience = audience

  if (audience.controlGroupPercent > 0) {
    const controlBucket = bucketFrom(exp.seeds.controlGroup, bucketingId)
    decision.controlBucket = controlBucket
    if (controlBucket < audience.controlGroupPercent * 100) {
      decision.reason = 'USER_IN_CAMPAIGN_CONTROL_GROUP'
      return decision
    }
  }
  const bucket = bucketFrom(exp.seeds.variation, bucketingId)
  decision.reason = 'SERVED'
  decision.bucket = bucket
  // Weights sum to 100 (checked at load), so every bucket has a variation.
  decision.variation = audience.variations[pickByWeight(audience.variations, bucket)]
  return decision
}
