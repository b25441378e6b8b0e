// POST /v1/experiences/events
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { EventsRequest, EventsResponse } from '../../generated/types.js'
import type { IdSource } from '../ids.js'
import type { RecordedAnswering } from '../plugins/replay.js'
import type { MockState } from '../state.js'

/** The vendor's acknowledgement: events are processed asynchronously. */
export const EVENTS_ACCEPTED_MESSAGE = 'Your request has been accepted and will be processed soon.'

export interface EventsRouteOptions {
  state: MockState
  ids: IdSource
}

type EventsCall = FastifyRequest<{ Body: EventsRequest }>

export async function eventsRoute (fastify: FastifyInstance, opts: EventsRouteOptions): Promise<void> {
  const { state } = opts
  /** The events go to the journal; `accepted`: an unknown customer_id creates the user, user_attributes update them. */
  const journal = (request: EventsCall, accepted: boolean): void => {
    const ws = request.workspace
    const env = request.environment
    const receivedAt = state.clock.read()
    const { fresh, events, seqBefore } = state.events.record(env, request.body.elements, {
      receivedAt,
      check: (customer, action) => state.served.check(env.appKey, customer, action.attributes),
      served: (customer, action) => state.served.servedTo(env.appKey, customer, action.attributes),
      experienceKeyOf: (cid) => ws.experiencesByCampaign.get(cid.slice(0, 24))?.key ?? null
    })
    // Kept by the request journal: each action's check, as made now.
    request.journaledEvents = { events, seqBefore }
    // A retried element changes nothing twice.
    if (accepted) state.users.apply(env, fresh, receivedAt)
  }
  // Replayed or not, the events are journaled and change users (tests assert on them either way), unless the
  // recording shows the call refused.
  const replay: RecordedAnswering = {
    effects: (request, answer) => journal(request as EventsCall, answer.status >= 200 && answer.status < 300)
  }
  fastify.post<{ Body: EventsRequest, Reply: EventsResponse }>('/experiences/events', { config: { route: 'events', body: 'events', replay } },
    async (request) => {
      journal(request, true)
      return { status: 'success', message: EVENTS_ACCEPTED_MESSAGE, req_id: opts.ids.requestId() }
    })
}
