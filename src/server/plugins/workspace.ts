// MOE-APPKEY names the workspace and its environment: `<id>` Live, `<id>_DEBUG` Test; any other value (or none) is
// the vendor's 400 Request Error. The stage after routing: auth, validation and the answer read what it sets.
// Not encapsulated (fastify-plugin), and registered inside the API scope: its hook guards exactly the
// Personalize routes, not the admin or other routes of the app.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { environmentOf } from '../../fixtures/app-key.js'
import type { CompiledEnvironment, CompiledFixtures, CompiledWorkspace } from '../../fixtures/model.js'
import { VendorError } from '../errors.js'
import type { FixtureHolder } from '../fixture-holder.js'
import { routeStage } from './route-stage.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace named by MOE-APPKEY. */
    workspace: CompiledWorkspace
    /** Its environment the MOE-APPKEY named (Live or Test). */
    environment: CompiledEnvironment
    /** The fixture set the workspace was found in (a reload does not change it mid-request). */
    fixtures: CompiledFixtures
  }
}

/** The workspace and environment the request's MOE-APPKEY reaches in these fixtures, if any. */
export function reachedBy (request: FastifyRequest, fixtures: CompiledFixtures): [CompiledWorkspace, CompiledEnvironment] | undefined {
  const appKey = request.headers['moe-appkey']
  return typeof appKey === 'string' ? environmentOf(fixtures, appKey) : undefined
}

export const workspace = fp(async function workspace (fastify: FastifyInstance, opts: { fixtures: FixtureHolder }): Promise<void> {
  fastify.decorateRequest('workspace', null as unknown as CompiledWorkspace)
  fastify.decorateRequest('fixtures', null as unknown as CompiledFixtures)
  fastify.decorateRequest('environment', null as unknown as CompiledEnvironment)

  routeStage(fastify, 'onRequest', () => function workspaceFromAppKey (request, _reply, done) {
    const fixtures = opts.fixtures.current
    const reached = reachedBy(request, fixtures)
    if (reached === undefined) return done(new VendorError('CLIENT_NOT_FOUND'))
    request.workspace = reached[0]
    request.environment = reached[1]
    request.fixtures = fixtures
    done()
  })
}, { name: 'personalize-workspace', fastify: '5.x' })
