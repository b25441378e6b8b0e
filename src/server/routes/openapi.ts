// GET /openapi.json: the document under the server's behaviour, built once at start.
import type { FastifyInstance } from 'fastify'
import type { BehaviourSwitches } from '../../fixtures/behaviour.js'
import { buildOpenApi } from '../openapi.js'

export async function openapiRoute (fastify: FastifyInstance, opts: { behaviour: BehaviourSwitches }): Promise<void> {
  const document = JSON.stringify(buildOpenApi(opts.behaviour))
  fastify.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(document))
}
