// Fetch and events bodies are checked against the rules of the workspace's behaviour (src/fixtures/request-rules.ts,
// built at load): a body that breaks them is the vendor's "Invalid Field Value", worded per route. A route replay
// answers for keeps the error beside the request (request.validationError): a recorded answer wins over it.
// Registered after auth (the workspace is known) and after replay's lookup.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'
import { describeEventsViolation, describeFetchViolation } from '../vendor-wording.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's body: required, and checked by the workspace's rules for that kind of body. */
    body?: 'fetch' | 'events'
  }
}

const WORDING = { fetch: describeFetchViolation, events: describeEventsViolation } as const

export const bodyValidation = fp(async function bodyValidation (fastify: FastifyInstance) {
  fastify.addHook('preValidation', async (request) => {
    const kind = request.routeOptions.config.body
    if (kind === undefined) return
    if (request.body === undefined) throw new VendorError('MALFORMED_JSON')
    const violation = request.workspace.rules[kind](request.body)
    if (violation === undefined) return
    const error = new VendorError('INVALID_FIELD_VALUE', WORDING[kind](violation))
    if (request.routeOptions.config.replayed !== true) throw error
    const attached: { validationError?: Error } = request
    attached.validationError = error
  })
}, { name: 'body-validation', fastify: '5.x', dependencies: ['personalize-auth'] })
