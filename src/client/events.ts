// Building the impression or click for an experience the app was served.
import { randomUUID } from 'node:crypto'
import type { EventAction, EventElement, ExperienceContext } from '../generated/types.js'

export const SHOWN = 'MOE_PERSONALIZATION_MESSAGE_SHOWN'
export const CLICKED = 'MOE_PERSONALIZATION_MESSAGE_CLICKED'

export interface EventInput {
  customerId: string
  /** The experience_context of the fetched experience, copied into attributes as the vendor requires. */
  context: ExperienceContext
  action: EventAction['action']
  /** Default "web". */
  platform?: 'web' | 'android' | 'ios' | 'tv'
  /** Label of the clicked element. */
  bId?: string
  /** The user's UTC offset in seconds. */
  userTimezoneOffset?: number
  /** Default: now. Sent as epoch seconds. */
  time?: Date
  /** Default: a fresh UUID v4. Keep it to retry the same event. */
  uuid?: string
}

/** One element of an events batch, with a fresh moe_event_uuid and event_time in epoch seconds. */
export function buildEvent (input: EventInput): EventElement {
  const action: EventAction = {
    action: input.action,
    moe_event_uuid: input.uuid ?? randomUUID(),
    event_time: Math.floor((input.time ?? new Date()).getTime() / 1000),
    platform: input.platform ?? 'web',
    attributes: { ...input.context },
    ...(input.bId === undefined ? {} : { b_id: input.bId })
  }
  return {
    customer_id: input.customerId,
    ...(input.userTimezoneOffset === undefined ? {} : { user_timezone_offset: input.userTimezoneOffset }),
    actions: [action]
  }
}
