// Impressions and clicks received, per workspace and environment, in arrival order; stored once per moe_event_uuid (the
// vendor's dedupe key, compared without regard to case), with duplicates counted and a context check.
// Bounded per workspace and environment: the oldest events are evicted first, and evictions are counted, never silent.
import { SERVER_DEFAULTS } from '../defaults.js'
import { FifoMap } from './fifo-map.js'
import type { CompiledEnvironment } from '../../fixtures/model.js'
import type { ContextCheck, Environment, EventAction, EventElement, JournalEvent, ServedContexts } from '../../generated/types.js'

export interface EventFilter {
  workspace?: string
  environment?: Environment
  customer_id?: string
  action?: string
  experience_key?: string
  /** Only events with a larger seq. */
  since?: number
}

export interface RecordContext {
  receivedAt: Date
  /** The context check of an action, at arrival. */
  check: (customerId: string, action: EventAction) => ContextCheck
  /** For a check other than ok: what had been served of the action's campaign to that customer, at arrival. */
  served: (customerId: string, action: EventAction) => ServedContexts
  /** The experience key a cid names, or null. */
  experienceKeyOf: (cid: string) => string | null
}

export interface RecordResult {
  stored: number
  duplicates: number
  /** The elements whose every action was stored anew: an element holding an action seen before is a retry. */
  fresh: EventElement[]
  /** The entry of each action, in order: its own, or the first copy's for a duplicate. */
  events: JournalEvent[]
  /** The newest seq before this batch: an entry with a larger one was stored by it. */
  seqBefore: number
}

/** One environment's events, by lower-cased moe_event_uuid, in arrival order. */
interface Journal {
  readonly workspace: string
  readonly environment: Environment
  readonly events: FifoMap<string, JournalEvent>
}

export class EventJournal {
  /** Keyed by app key: `<id>` for Live, `<id>_DEBUG` for Test. */
  readonly #byAppKey = new Map<string, Journal>()
  readonly #evicted = new Map<string, number>()
  #seq = 0

  constructor (readonly capPerWorkspace: number = SERVER_DEFAULTS.journalCap) {}

  /** Records every action of a validated batch sent to `env`. */
  record (env: CompiledEnvironment, elements: readonly EventElement[], ctx: RecordContext): RecordResult {
    const { events } = this.#journalOf(env)
    const result: RecordResult = { stored: 0, duplicates: 0, fresh: [], events: [], seqBefore: this.#seq }
    const receivedAt = ctx.receivedAt.toISOString()
    for (const element of elements) {
      const duplicatesBefore = result.duplicates
      for (const action of element.actions) {
        const uuid = action.moe_event_uuid.toLowerCase()
        const earlier = events.get(uuid)
        if (earlier !== undefined) {
          earlier.duplicates++
          result.duplicates++
          result.events.push(earlier)
          continue
        }
        const entry = this.#entry(env, element, action, ctx, receivedAt)
        result.events.push(entry)
        result.stored++
        if (events.set(uuid, entry) !== undefined) this.#evicted.set(env.appKey, (this.#evicted.get(env.appKey) ?? 0) + 1)
      }
      if (result.duplicates === duplicatesBefore) result.fresh.push(element)
    }
    return result
  }

  /** Stored events matching the filter, in arrival order. */
  list (filter: EventFilter = {}): JournalEvent[] {
    const out: JournalEvent[] = []
    const sources = [...this.#byAppKey.values()].filter((j) =>
      (filter.workspace === undefined || j.workspace === filter.workspace) && (filter.environment === undefined || j.environment === filter.environment))
    for (const { events } of sources) {
      for (const e of events.values()) {
        if (filter.customer_id !== undefined && e.customer_id !== filter.customer_id) continue
        if (filter.action !== undefined && e.action !== filter.action) continue
        if (filter.experience_key !== undefined && e.experience_key !== filter.experience_key) continue
        if (filter.since !== undefined && e.seq <= filter.since) continue
        out.push({ ...e })
      }
    }
    return sources.length > 1 ? out.sort((a, b) => a.seq - b.seq) : out
  }

  /** The newest seq given (0 before the first event). */
  get lastSeq (): number {
    return this.#seq
  }

  evicted (): Record<string, number> {
    return Object.fromEntries(this.#evicted)
  }

  clear (): void {
    this.#byAppKey.clear()
    this.#evicted.clear()
  }

  #journalOf (env: CompiledEnvironment): Journal {
    let journal = this.#byAppKey.get(env.appKey)
    if (journal === undefined) {
      journal = { workspace: env.workspaceId, environment: env.name, events: new FifoMap(this.capPerWorkspace) }
      this.#byAppKey.set(env.appKey, journal)
    }
    return journal
  }

  #entry (env: CompiledEnvironment, element: EventElement, action: EventAction, ctx: RecordContext, receivedAt: string): JournalEvent {
    const bId = action.b_id ?? action.attributes.b_id
    const check = ctx.check(element.customer_id, action)
    // Built field by field in the journal's order, the optional ones only when present (no spreads on this path).
    const entry: JournalEvent = {
      seq: ++this.#seq,
      workspace: env.workspaceId,
      environment: env.name,
      received_at: receivedAt,
      customer_id: element.customer_id,
      action: action.action,
      moe_event_uuid: action.moe_event_uuid,
      event_time: action.event_time,
      platform: recordedPlatform(action.platform),
      experience_key: ctx.experienceKeyOf(action.attributes.cid),
      // The body was parsed for this request alone: nothing else holds it, so no copy is needed.
      attributes: action.attributes
    } as JournalEvent
    if (bId !== undefined) entry.b_id = bId
    if (element.user_timezone_offset !== undefined) entry.user_timezone_offset = element.user_timezone_offset
    entry.duplicates = 0
    entry.context_check = check
    if (check !== 'ok') entry.served = ctx.served(element.customer_id, action)
    return entry
  }
}

const PLATFORMS: ReadonlySet<string> = new Set(['web', 'android', 'ios', 'tv'])

/**
 * A supported platform lower-cased; "Unknown" when omitted or, where the behaviour accepts one, unsupported, as
 * the vendor records it.
 */
function recordedPlatform (platform: string | undefined): JournalEvent['platform'] {
  const lower = platform?.toLowerCase()
  return lower !== undefined && PLATFORMS.has(lower) ? lower as JournalEvent['platform'] : 'Unknown'
}
