// POST /v1/experiences/fetch
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FetchRequest } from '../../generated/types.js'
import { servedEntries } from '../../record/served.js'
import { decideFetch } from '../../targeting/evaluate.js'
import { reportingIds, resolveVisitor } from '../../targeting/identity.js'
import type { RecordedAnswering } from '../plugins/replay.js'
import { serializeFetchAnswer } from '../serialize.js'
import type { MockState } from '../state.js'

export async function fetchRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  // What a recording served, as far as it is well formed, is logged for the events' context check.
  const replay: RecordedAnswering = {
    effects (request, answer) {
      const served = answer.status === 200 ? servedEntries(answer.body).map(([, e]) => e) : []
      if (served.length === 0) return
      const { identifiers } = (request as FastifyRequest<{ Body: FetchRequest }>).body
      const scope = state.users.scopeOf(request.environment)
      state.served.record(request.environment.appKey, reportingIds(identifiers, resolveVisitor(scope.users, identifiers)), served)
    }
  }
  fastify.post<{ Body: FetchRequest, Reply: string }>('/experiences/fetch', { config: { route: 'fetch', body: 'fetch', rateLimited: true, replay } },
    async (request, reply) => {
      const env = request.environment
      const at = state.clock.read()
      const scope = state.users.scopeOf(env)
      const { answer, visitor } = decideFetch(request.workspace, request.body, at, scope)
      // Kept by the request journal, so the decision can be explained later as it was made.
      request.decision = { at, scope, visitor }
      // What was served to whom: the event journal's context check compares reported impressions with it.
      if (answer.entries.length > 0) state.served.record(env.appKey, reportingIds(request.body.identifiers, visitor), answer.entries)
      const text = serializeFetchAnswer(answer)
      request.engineAnswer = answer
      request.engineAnswerText = text
      return reply.type('application/json; charset=utf-8').send(text)
    })
}
