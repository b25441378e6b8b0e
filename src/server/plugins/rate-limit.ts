// The vendor's per-workspace rate limit on fetch: over it, 429 in the envelope with Retry-After.
// The vendor documents no 429 body: the envelope and its text are the mock's choice.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'
import type { MockState } from '../state.js'
import { routeStage } from './route-stage.js'

export const rateLimit = fp(async function rateLimit (fastify: FastifyInstance, opts: { state: MockState }) {
  const limiter = opts.state.rateLimiter
  if (limiter === undefined) return
  routeStage(fastify, 'preHandler', ({ rateLimited }) => rateLimited !== true
    ? undefined
    : function withinRateLimit (request, _reply, done) {
      // One window per workspace and environment: Test has its own.
      const decision = limiter.take(request.environment.appKey)
      done(decision.allowed ? undefined : new VendorError('RATE_LIMITED', undefined, { 'retry-after': String(decision.retryAfterSeconds) }))
    })
}, { name: 'rate-limit', fastify: '5.x' })
