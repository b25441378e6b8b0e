// GET /openapi.json: the document under the server's behaviour, built at the first request (not at start: most
// servers never serve it) and kept.
import type { FastifyInstance } from 'fastify'
import type { BehaviourSwitches } from '../../fixtures/behaviour.js'
import { buildOpenApi } from '../openapi.js'

export async function openapiRoute (fastify: FastifyInstance, opts: { behaviour: BehaviourSwitches }): Promise<void> {
  let document: string | undefined
  fastify.get('/openapi.json', async (_request, reply) => {
    document ??= JSON.stringify(buildOpenApi(opts.behaviour))
    return reply.type('application/json').send(document)
  })
}
