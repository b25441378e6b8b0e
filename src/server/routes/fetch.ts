// POST /v1/experiences/fetch
import type { FastifyInstance } from 'fastify'
import type { FetchRequest, FetchResponse } from '../../generated/types.js'
import { schemaDocuments } from '../../generated/schemas.js'
import { evaluateFetch } from '../../targeting/evaluate.js'
import { requireBody } from '../plugins/json-body.js'
import { vendorValidationError } from '../plugins/request-validation.js'
import { describeFetchViolation } from '../vendor-wording.js'

export async function fetchRoute (fastify: FastifyInstance): Promise<void> {
  fastify.post<{ Body: FetchRequest, Reply: FetchResponse }>('/experiences/fetch', {
    schema: { body: schemaDocuments['fetch-request.schema.json'] },
    preValidation: requireBody,
    schemaErrorFormatter: vendorValidationError(describeFetchViolation)
  }, async (request) => evaluateFetch(request.workspace, request.body))
}
