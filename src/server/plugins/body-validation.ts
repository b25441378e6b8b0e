// Fetch and events bodies are checked against the rules of the workspace's behaviour (src/fixtures/request-rules.ts,
// built at load): a body that breaks them is the vendor's "Invalid Field Value", worded per route, thrown here.
// Registered after the workspace stage (the rules are the workspace's) and the body stage (a body is there).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'
import { describeEventsViolation, describeFetchViolation } from '../vendor-wording.js'
import { routeStage } from './route-stage.js'

const WORDING = { fetch: describeFetchViolation, events: describeEventsViolation } as const

/** The mock's own verdict on a body: 400 Invalid Field Value, in the vendor's wording. */
export class InvalidFieldValue extends VendorError {
  constructor (description: string) {
    super('INVALID_FIELD_VALUE', description)
  }
}

export const bodyValidation = fp(async function bodyValidation (fastify: FastifyInstance) {
  routeStage(fastify, 'preValidation', ({ body: kind }) => kind === undefined
    ? undefined
    : function validBody (request, _reply, done) {
      const violation = request.workspace.rules[kind](request.body)
      done(violation === undefined ? undefined : new InvalidFieldValue(WORDING[kind](violation)))
    })
}, { name: 'body-validation', fastify: '5.x', dependencies: ['personalize-workspace', 'required-body'] })
