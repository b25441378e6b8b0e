// POST /__mock/explain: the same headers, body and checks as fetch; the answer is the decision trace
// (schemas/explain-response.schema.json) with the exact fetch response inside it.
import type { FastifyInstance } from 'fastify'
import type { ExplainResponse, FetchRequest } from '../../generated/types.js'
import { explainFetch } from '../../targeting/explain.js'
import type { MockState } from '../state.js'

export async function explainRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  fastify.post<{ Body: FetchRequest, Reply: ExplainResponse }>('/__mock/explain', { config: { route: 'explain', body: 'fetch' } },
    async (request) => explainFetch(
      request.workspace,
      request.body,
      opts.state.clock.read(),
      request.fixtures.bucketingVersion,
      opts.state.users.scopeOf(request.environment)
    ))
}
