// POST /v1/experiences/fetch
import type { FastifyInstance } from 'fastify'
import type { FetchRequest } from '../../generated/types.js'
import { servedEntries } from '../../record/served.js'
import { decideFetch } from '../../targeting/evaluate.js'
import { reportingIds, resolveVisitor } from '../../targeting/identity.js'
import { serializeFetchResponse } from '../serialize.js'
import { recordedAnswer, REPLAYED_ROUTE, sendRecorded } from '../replay.js'
import type { MockState } from '../state.js'


export async function fetchRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  fastify.post<{ Body: FetchRequest, Reply: string }>('/experiences/fetch', { ...REPLAYED_ROUTE, config: { ...REPLAYED_ROUTE.config, route: 'fetch', body: 'fetch', rateLimited: true } },
    async (request, reply) => {
      const env = request.environment
      const scope = opts.state.users.scopeOf(env)
      const recorded = recordedAnswer(request, opts.state.replay)
      if (recorded !== undefined) {
        // What the recording served, as far as it is well formed, is logged for the events' context check.
        const served = recorded.status === 200 && request.validationError == null ? servedEntries(recorded.body).map(([, e]) => e) : []
        if (served.length > 0) opts.state.served.record(env.appKey, reportingIds(request.body.identifiers, resolveVisitor(scope.users, request.body.identifiers)), served)
        return sendRecorded(reply, recorded)
      }
      const { response, visitor } = decideFetch(request.workspace, request.body, opts.state.clock.read(), scope)
      // What was served to whom: the event journal's context check compares reported impressions with it.
      const served = Object.values(response.experiences)
      if (served.length > 0) opts.state.served.record(env.appKey, reportingIds(request.body.identifiers, visitor), served)
      return reply.type('application/json; charset=utf-8').send(serializeFetchResponse(response))
    })
}
