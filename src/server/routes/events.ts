// POST /v1/experiences/events
import type { FastifyInstance } from 'fastify'
import type { EventsRequest, EventsResponse } from '../../generated/types.js'
import { schemaDocuments } from '../../generated/schemas.js'
import type { EventStore } from '../event-store.js'
import type { IdSource } from '../ids.js'
import { requireBody } from '../plugins/json-body.js'
import { vendorValidationError } from '../plugins/request-validation.js'
import { describeEventsViolation } from '../vendor-wording.js'

/** The vendor's acknowledgement: events are processed asynchronously. */
export const EVENTS_ACCEPTED_MESSAGE = 'Your request has been accepted and will be processed soon.'

export interface EventsRouteOptions {
  events: EventStore
  ids: IdSource
}

export async function eventsRoute (fastify: FastifyInstance, opts: EventsRouteOptions): Promise<void> {
  fastify.post<{ Body: EventsRequest, Reply: EventsResponse }>('/experiences/events', {
    schema: { body: schemaDocuments['events-request.schema.json'] },
    preValidation: requireBody,
    schemaErrorFormatter: vendorValidationError(describeEventsViolation)
  }, async (request) => {
    opts.events.record(request.workspace.id, request.body.elements)
    return { status: 'success', message: EVENTS_ACCEPTED_MESSAGE, req_id: opts.ids.requestId() }
  })
}
