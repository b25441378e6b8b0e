// POST /__mock/explain: the same headers, body and checks as fetch; the answer is the decision trace
// (schemas/explain-response.schema.json) with the exact fetch response inside it, and the injected fault, if any,
// that would answer such a fetch instead of the engine.
import type { FastifyInstance } from 'fastify'
import type { ExplainResponse, FetchRequest } from '../../generated/types.js'
import { explainNow } from '../explain-now.js'
import type { MockState } from '../state.js'

export async function explainRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  fastify.post<{ Body: FetchRequest, Reply: ExplainResponse }>('/__mock/explain', { config: { route: 'explain', body: 'fetch' } },
    async (request) => explainNow(opts.state, request.workspace, request.environment, request.body, request.fixtures.bucketingVersion))
}
