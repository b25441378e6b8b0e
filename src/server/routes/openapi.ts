// GET /openapi.json: the document, built once at start.
import type { FastifyInstance } from 'fastify'
import { buildOpenApi } from '../openapi.js'

export async function openapiRoute (fastify: FastifyInstance): Promise<void> {
  const document = JSON.stringify(buildOpenApi())
  fastify.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(document))
}
