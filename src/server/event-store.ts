// Impressions and clicks received, per workspace, stored once per moe_event_uuid (the vendor's dedupe
// key): a retry that resends a uuid is acknowledged again but not stored twice. In memory only.
import type { EventAction, EventAttributes, EventElement } from '../generated/types.js'

export type Platform = 'web' | 'android' | 'ios' | 'tv' | 'Unknown'

export interface StoredEvent {
  workspace_id: string
  customer_id: string
  action: EventAction['action']
  moe_event_uuid: string
  event_time: number
  /** Lower-cased when sent; "Unknown" when omitted, as the vendor records it. */
  platform: Platform
  attributes: EventAttributes
  /** Clicked-element label, from beside or inside attributes. */
  b_id: string | undefined
  user_timezone_offset: number | undefined
  /** How many more times the same uuid arrived after the first. */
  duplicates: number
}

export interface RecordResult {
  stored: number
  duplicates: number
}

export class EventStore {
  readonly #byWorkspace = new Map<string, Map<string, StoredEvent>>()

  /** Records every action of a validated batch. */
  record (workspaceId: string, elements: readonly EventElement[]): RecordResult {
    const events = this.#workspace(workspaceId)
    const result: RecordResult = { stored: 0, duplicates: 0 }
    for (const element of elements) {
      for (const action of element.actions) {
        // UUIDs are case-insensitive (RFC 9562): an upper-case retry is the same event.
        const uuid = action.moe_event_uuid.toLowerCase()
        const earlier = events.get(uuid)
        if (earlier !== undefined) {
          earlier.duplicates++
          result.duplicates++
          continue
        }
        events.set(uuid, toStored(workspaceId, element, action))
        result.stored++
      }
    }
    return result
  }

  /** Stored events of a workspace, in arrival order. */
  list (workspaceId: string): readonly StoredEvent[] {
    return [...(this.#byWorkspace.get(workspaceId)?.values() ?? [])]
  }

  #workspace (id: string): Map<string, StoredEvent> {
    let events = this.#byWorkspace.get(id)
    if (events === undefined) {
      events = new Map()
      this.#byWorkspace.set(id, events)
    }
    return events
  }
}

function toStored (workspaceId: string, element: EventElement, action: EventAction): StoredEvent {
  return {
    workspace_id: workspaceId,
    customer_id: element.customer_id,
    action: action.action,
    moe_event_uuid: action.moe_event_uuid,
    event_time: action.event_time,
    platform: action.platform === undefined ? 'Unknown' : action.platform.toLowerCase() as Platform,
    // The body was parsed for this request alone: nothing else holds it, so no copy is needed
    // (and copying an arbitrarily deep object could overflow the stack).
    attributes: action.attributes,
    b_id: action.b_id ?? action.attributes.b_id,
    user_timezone_offset: element.user_timezone_offset,
    duplicates: 0
  }
}
