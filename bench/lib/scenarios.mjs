// Request bodies the benchmark and the profiler send, beside the fixture's fetchBody.
import { randomUUID } from 'node:crypto'
import { BENCH_WORKSPACE, fetchBody } from './fixture.mjs'

/** The headers of every benchmark request: the benchmark workspace and its Basic credentials. */
export const AUTH = {
  'content-type': 'application/json',
  'moe-appkey': BENCH_WORKSPACE.id,
  authorization: 'Basic ' + Buffer.from(`${BENCH_WORKSPACE.id}:${BENCH_WORKSPACE.key}`).toString('base64')
}

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

/** The loads the benchmark measures and the profiler profiles, by short name; `body(i)` makes the i-th request's body. */
export const SCENARIOS = {
  fetch2: { scenario: 'fetch 2 keys, targeting (id, UTM, IP, UA)', path: '/v1/experiences/fetch', body: (i) => fetchBody(keysOf(2), i) },
  fetch25: { scenario: 'fetch 25 keys', path: '/v1/experiences/fetch', body: (i) => fetchBody(keysOf(24).concat('bench-unknown-key'), i) },
  nokeys: { scenario: 'fetch without keys (all 24 experiences)', path: '/v1/experiences/fetch', body: (i) => fetchBody(undefined, i) },
  metadata: { scenario: 'metadata', method: 'GET', path: '/v1/experiences/metadata' },
  events: { scenario: 'events, batch of 10 elements', path: '/v1/experiences/events', body: () => eventsBatch(10) }
}
