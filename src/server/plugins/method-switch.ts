// A method the vendor's documents disagree on (POST /v1/experiences/metadata, declared by an old spec) has its own
// route; it answers only where the behaviour of the workspace MOE-APPKEY names serves it. Anywhere else it is the
// same 405 routing gives, before the headers and auth are checked, as routing comes first: this stage reads
// MOE-APPKEY itself (the workspace stage, which refuses an unknown one, comes after it).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { methodNotAllowed } from '../errors.js'
import type { FixtureHolder } from '../fixture-holder.js'
import { routeStage } from './route-stage.js'
import { reachedBy } from './workspace.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers only when this rule of the workspace's behaviour is on; else 405 allowing `allowed`. */
    switchedBy?: { rule: 'metadataPost', allowed: ['GET'] }
  }
}

export const methodSwitch = fp(async function methodSwitch (fastify: FastifyInstance, opts: { fixtures: FixtureHolder }) {
  routeStage(fastify, 'onRequest', ({ switchedBy }) => switchedBy === undefined
    ? undefined
    : function switchedMethod (request, _reply, done) {
      const rules = reachedBy(request, opts.fixtures.current)?.[0].rules
      done(rules?.[switchedBy.rule] === true ? undefined : methodNotAllowed(switchedBy.allowed))
    })
}, { name: 'method-switch', fastify: '5.x' })
