// Request bodies the benchmark and the profiler send, beside the fixture's fetchBody.
import { randomUUID } from 'node:crypto'

/** The first n experience keys of the benchmark fixture. */
export const keysOf = (n) => Array.from({ length: n }, (_, i) => `bench-experience-${String(i).padStart(5, '0')}`)

/** An events call of n elements, one impression each. */
export function eventsBatch (n) {
  return {
    elements: Array.from({ length: n }, (_, i) => ({
      customer_id: `bench-user-${i}`,
      actions: [{
        action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN',
        moe_event_uuid: randomUUID(),
        event_time: 1795946400,
        platform: 'web',
        attributes: {
          cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_1_P_0_AU_A0',
          experience: 'Bench',
          moe_locale_id: '0',
          moe_variation_id: '1',
          audience_name: 'A',
          audience_id: 'A0',
          type: 'Web Personalization'
        }
      }]
    }))
  }
}
