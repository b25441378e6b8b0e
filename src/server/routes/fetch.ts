// POST /v1/experiences/fetch
import type { FastifyInstance } from 'fastify'
import type { FetchRequest, FetchResponse } from '../../generated/types.js'
import { schemaDocuments } from '../../generated/schemas.js'
import { evaluateFetch } from '../../targeting/evaluate.js'
import type { Clock } from '../clock.js'
import { requireBody } from '../plugins/json-body.js'
import { vendorValidationError } from '../plugins/request-validation.js'
import { describeFetchViolation } from '../vendor-wording.js'

/** Route options shared by fetch and explain: the body is a fetch request, validated the vendor's way. */
export const FETCH_BODY = {
  schema: { body: schemaDocuments['fetch-request.schema.json'] },
  preValidation: requireBody,
  schemaErrorFormatter: vendorValidationError(describeFetchViolation)
}

export async function fetchRoute (fastify: FastifyInstance, opts: { clock: Clock }): Promise<void> {
  fastify.post<{ Body: FetchRequest, Reply: FetchResponse }>('/experiences/fetch', FETCH_BODY,
    async (request) => evaluateFetch(request.workspace, request.body, opts.clock()))
}
