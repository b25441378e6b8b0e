// POST /__mock/explain: the same decisions as fetch, with the trace a person needs to see why.
import type {
  ExplainedAudience, ExplainedExperience, ExplainResponse, FetchRequest, ServedExperience
} from '../generated/types.js'
import type { CompiledWorkspace } from '../fixtures/model.js'
import { bucketRanges } from './bucketing.js'
import { decide, forEachPlannedKey, startVisit, type Decision } from './evaluate.js'
import { setOwn } from '../validation/json.js'
import type { Scope } from './identity.js'
import type { Visit } from './visit.js'
import { HOUR_NAMES } from '../vendor/session-names.js'
import { MAX_SERVED_KEYS } from '../vendor/limits.js'

export function explainFetch (ws: CompiledWorkspace, request: FetchRequest, now: Date, bucketingVersion: string, scope?: Scope): ExplainResponse {
  const visit = startVisit(ws, request, now, scope)
  const experiences: ExplainedExperience[] = []
  const served: Record<string, ServedExperience> = Object.create(null)
  forEachPlannedKey(ws, request.experience_key, (key, experience, withinLimit) => {
    const decision: Decision = experience === undefined
      ? { key, reason: 'IN_VALID_EXPERIENCE_KEY' }
      : !withinLimit
          ? { key, reason: 'MAX_LIMIT_BREACHED', experience }
          : decide(experience, visit, now.getTime(), true)
    if (decision.variation !== undefined) served[key] = decision.variation.served.get()
    experiences.push(explainDecision(decision, visit))
  })
  const { visitor } = visit
  const geo = visit.geo()
  const device = visit.device()
  return {
    now: now.toISOString(),
    bucketing_version: bucketingVersion,
    visitor: {
      environment: visit.scope.environment.name,
      resolved_by: visitor.resolvedBy,
      customer_id: visitor.user?.customer_id ?? null,
      source: visitor.user === undefined ? null : visit.scope.users.sourceOf(visitor.user),
      bucketing_id: visitor.bucketingId,
      global_control_group: visitor.user?.global_control_group === true
    },
    session: {
      day_of_week: { value: visit.day, source: visit.daySource },
      time_of_day: { value: HOUR_NAMES[visit.hour] ?? String(visit.hour), source: visit.hourSource },
      geo: geo.status === 'present'
        ? { value: { ...(geo.value as Record<string, unknown>) } }
        : { value: null, note: geo.status === 'unavailable' ? geo.note : 'no value' },
      device_type: device.status === 'present'
        ? { value: device.value as string }
        : { value: null, note: device.status === 'unavailable' ? device.note : 'no value' }
    },
    experiences,
    response: { experiences: served }
  }
}

function explainDecision (d: Decision, visit: Visit): ExplainedExperience {
  const exp = d.experience
  const out: ExplainedExperience = {
    key: d.key,
    served: d.reason === 'SERVED',
    reason: d.reason,
    detail: detail(d, visit),
    audiences: (d.audiences ?? []).map((a): ExplainedAudience => ({
      id: a.audience.id,
      name: a.audience.name,
      all_users: a.audience.condition === undefined,
      matched: a.matched,
      ...(a.ruledOut ? { note: ANONYMOUS_NOTE } : {}),
      conditions: a.leaves.map((l) => ({
        pointer: l.pointer,
        condition: l.condition,
        passed: l.passed,
        saw: clip(l.saw) as never,
        ...(l.note === undefined ? {} : { note: l.note })
      }))
    }))
  }
  if (exp !== undefined) out.status = exp.status
  if (d.assigned === true) out.assigned = true
  if (d.audience !== undefined && d.controlBucket !== undefined) {
    out.control_group = { percent: d.audience.controlGroupPercent, bucket: d.controlBucket, in_control_group: d.reason === 'USER_IN_CAMPAIGN_CONTROL_GROUP' }
  }
  if (d.bucket !== undefined) out.bucket = d.bucket
  if (d.variation !== undefined && d.audience !== undefined) {
    const index = d.audience.variations.indexOf(d.variation)
    const range = bucketRanges(d.audience.variations)[index] ?? [0, 0]
    out.variation = { id: d.variation.id, weight: d.variation.weight, range, ...(d.variation.name === undefined ? {} : { name: d.variation.name }) }
  }
  return out
}

/** Why an audience was ruled out as a whole; also the end of the detail when that left no audience. */
const ANONYMOUS_NOTE = 'anonymous visitor: an audience with user-attribute or segment conditions cannot match'

function detail (d: Decision, visit: Visit): string {
  const exp = d.experience
  const schedule = exp?.schedule
  switch (d.reason) {
    case 'SERVED':
      if (d.assigned === true) return `assigned to this user by the fixture: audience "${d.audience?.name ?? ''}", variation ${d.variation?.id ?? ''}`
      return `audience "${d.audience?.name ?? ''}" matched; bucket ${d.bucket ?? ''} falls in variation ${d.variation?.id ?? ''}`
    case 'IN_VALID_EXPERIENCE_KEY':
      return 'no experience has this key in the workspace'
    case 'MAX_LIMIT_BREACHED':
      return `only the first ${MAX_SERVED_KEYS} keys of a request are served`
    case 'EXPERIENCE_NOT_ACTIVE':
      return exp?.status !== 'Active'
        ? `status is ${exp?.status ?? 'unknown'}`
        : `the schedule starts at ${schedule?.start ?? ''} ${schedule?.timeZone ?? ''}`
    case 'EXPERIENCE_EXPIRED':
      return `the schedule ended at ${schedule?.end ?? ''} ${schedule?.timeZone ?? ''}`
    case 'USER_IN_GLOBAL_CONTROL_GROUP':
      return `customer ${visit.visitor.user?.customer_id ?? ''} is in the workspace's global control group, which this experience respects`
    case 'USER_NOT_IN_SEGMENT':
      if (d.assigned === true) return 'the fixture assigns this user nothing from this experience'
      // Said only when an audience tried had user-attribute or segment conditions: otherwise being anonymous changed nothing.
      return d.audiences?.some((a) => a.ruledOut) === true ? `no audience matched (${ANONYMOUS_NOTE})` : 'no audience matched'
    case 'USER_IN_CAMPAIGN_CONTROL_GROUP': {
      const percent = d.audience?.controlGroupPercent ?? 0
      return `control-group bucket ${d.controlBucket ?? ''} is below ${percent * 100} (${percent} % of audience "${d.audience?.name ?? ''}")`
    }
  }
}

/** How much of a value read from the request an explanation shows: requests may carry anything. */
const SHOW = { depth: 8, entries: 50, chars: 500 }

/**
 * A bounded copy of a value for the explanation: nesting, entries and strings are cut (with a marker), so a
 * hostile in-session value (20,000 levels deep, 400 KB long) can never make the answer fail or balloon.
 */
export function clip (value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > SHOW.chars ? `${value.slice(0, SHOW.chars)}… (${value.length} characters)` : value
  if (value === null || typeof value !== 'object') return value
  if (depth >= SHOW.depth) return Array.isArray(value) ? '[…]' : '{…}'
  if (Array.isArray(value)) {
    const shown = value.slice(0, SHOW.entries).map((v) => clip(v, depth + 1))
    return value.length > SHOW.entries ? [...shown, `… (${value.length} items)`] : shown
  }
  const entries = Object.entries(value)
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries.slice(0, SHOW.entries)) setOwn(out, k, clip(v, depth + 1))
  if (entries.length > SHOW.entries) out['…'] = `${entries.length} keys`
  return out
}
