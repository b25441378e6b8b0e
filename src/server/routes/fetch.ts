// POST /v1/experiences/fetch
import type { FastifyInstance } from 'fastify'
import type { FetchRequest, FetchResponse } from '../../generated/types.js'
import { schemaDocuments } from '../../generated/schemas.js'
import { decideFetch } from '../../targeting/evaluate.js'
import { reportingIds, resolveVisitor } from '../../targeting/identity.js'
import { requireBody } from '../plugins/json-body.js'
import { vendorValidationError } from '../plugins/request-validation.js'
import { serializeFetchResponse } from '../serialize.js'
import { recordedAnswer, sendRecorded } from '../replay.js'
import type { MockState } from '../state.js'
import { describeFetchViolation } from '../vendor-wording.js'

/** Route options shared by fetch and explain: the body is a fetch request, validated the vendor's way. */
export const FETCH_BODY = {
  schema: { body: schemaDocuments['fetch-request.schema.json'] },
  preValidation: requireBody,
  schemaErrorFormatter: vendorValidationError(describeFetchViolation)
}

export async function fetchRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  fastify.post<{ Body: FetchRequest, Reply: string }>('/experiences/fetch', { ...FETCH_BODY, config: { route: 'fetch', rateLimited: true } },
    async (request, reply) => {
      const ws = request.workspace
      const recorded = recordedAnswer(request, opts.state.replay)
      if (recorded !== undefined) {
        const experiences = recorded.status === 200 ? (recorded.body as Partial<FetchResponse> | undefined)?.experiences : undefined
        const served = experiences !== null && typeof experiences === 'object' ? Object.values(experiences) : []
        if (served.length > 0) opts.state.served.record(ws.id, reportingIds(request.body.identifiers, resolveVisitor(ws, request.body.identifiers)), served)
        return sendRecorded(reply, recorded)
      }
      const { response, visitor } = decideFetch(ws, request.body, opts.state.clock.read())
      // What was served to whom: the event journal's context check compares reported impressions with it.
      const served = Object.values(response.experiences)
      if (served.length > 0) opts.state.served.record(ws.id, reportingIds(request.body.identifiers, visitor), served)
      return reply.type('application/json; charset=utf-8').send(serializeFetchResponse(response))
    })
}
