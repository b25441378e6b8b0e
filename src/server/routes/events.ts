// POST /v1/experiences/events
import type { FastifyInstance } from 'fastify'
import type { EventsRequest, EventsResponse } from '../../generated/types.js'
import type { IdSource } from '../ids.js'
import { recordedAnswer, REPLAYED_ROUTE, sendRecorded } from '../replay.js'
import type { MockState } from '../state.js'

/** The vendor's acknowledgement: events are processed asynchronously. */
export const EVENTS_ACCEPTED_MESSAGE = 'Your request has been accepted and will be processed soon.'

export interface EventsRouteOptions {
  state: MockState
  ids: IdSource
}

export async function eventsRoute (fastify: FastifyInstance, opts: EventsRouteOptions): Promise<void> {
  const { state } = opts
  fastify.post<{ Body: EventsRequest, Reply: EventsResponse }>('/experiences/events', {
    ...REPLAYED_ROUTE,
    config: { ...REPLAYED_ROUTE.config, route: 'events', body: 'events' }
  }, async (request, reply) => {
    const ws = request.workspace
    const env = request.environment
    // Replayed or not, the events are journaled and change users: tests assert on them either way.
    const recorded = recordedAnswer(request, state.replay)
    // A recorded answer to a call the mock would refuse is sent as recorded; there is nothing valid to journal.
    if (recorded !== undefined && request.validationError != null) return sendRecorded(reply, recorded)
    const receivedAt = state.clock.read()
    const { fresh } = state.events.record(env, request.body.elements, {
      receivedAt,
      check: (customer, action) => state.served.check(env.appKey, customer, action.attributes),
      experienceKeyOf: (cid) => ws.experiencesByCampaign.get(cid.slice(0, 24))?.key ?? null
    })
    // An unknown customer_id creates the user; user_attributes update them. A retried element changes nothing twice,
    // and a call the recording shows refused changes no user.
    if (recorded === undefined || (recorded.status >= 200 && recorded.status < 300)) state.users.apply(env, fresh, receivedAt)
    if (recorded !== undefined) return sendRecorded(reply, recorded)
    return { status: 'success', message: EVENTS_ACCEPTED_MESSAGE, req_id: opts.ids.requestId() }
  })
}
