// buildServer(options) -> a ready-to-inject Fastify app that answers like https://sdk-0X.moengage.com/v1.
// Listening is separate (listen.ts), so tests use inject() and the CLI binds a port.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { CompiledFixtures } from '../fixtures/model.js'
import { systemClock, type Clock } from './clock.js'
import { EventStore } from './event-store.js'
import { randomIds, type IdSource } from './ids.js'
import { auth } from './plugins/auth.js'
import { jsonBody } from './plugins/json-body.js'
import { requestValidation } from './plugins/request-validation.js'
import { sendVendorError, toVendorError, vendorErrors } from './plugins/vendor-errors.js'
import { eventsRoute } from './routes/events.js'
import { explainRoute } from './routes/explain.js'
import { fetchRoute } from './routes/fetch.js'
import { metadataRoute } from './routes/metadata.js'
import { refuseOtherMethods } from './routes/method-not-allowed.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Impressions and clicks received, deduplicated by moe_event_uuid. */
    events: EventStore
  }
}

export interface ServerOptions {
  /** The workspaces, users and experiences to answer from (see fixtures/load). */
  fixtures: CompiledFixtures
  /** Source of req_id and error codes. Default: random letters. */
  ids?: IdSource
  /** The time decisions use (schedules; day and hour when the request omits them). Default: the system clock. */
  clock?: Clock
  /** Fastify/pino logger options. Default: false (silent). */
  logger?: FastifyServerOptions['logger']
  /** Largest accepted request body in bytes; larger ones get 413 in the envelope. Default: 1 MiB. */
  bodyLimit?: number
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024

export async function buildServer (options: ServerOptions): Promise<FastifyInstance> {
  const ids = options.ids ?? randomIds
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Errors raised before routing (a URL that cannot be decoded) leave in the envelope too.
    frameworkErrors: (error, _request, reply) => sendVendorError(reply, toVendorError(error), ids)
  })
  app.decorate('events', new EventStore())

  await app.register(vendorErrors, { ids })
  await app.register(jsonBody)
  await app.register(requestValidation)

  const clock = options.clock ?? systemClock
  // Every route here answers only to a known MOE-APPKEY with that workspace's credentials.
  await app.register(async function personalizeApi (api) {
    await api.register(auth, { fixtures: options.fixtures })
    await api.register(async function v1 (routes) {
      await routes.register(fetchRoute, { clock })
      await routes.register(metadataRoute)
      await routes.register(eventsRoute, { events: app.events, ids })
    }, { prefix: '/v1' })
    await api.register(explainRoute, { clock, bucketingVersion: options.fixtures.bucketingVersion })
  })

  await app.register(async function otherMethods (scope) {
    refuseOtherMethods(scope, '/v1/experiences/fetch', ['POST'])
    refuseOtherMethods(scope, '/v1/experiences/metadata', ['GET'])
    refuseOtherMethods(scope, '/v1/experiences/events', ['POST'])
    refuseOtherMethods(scope, '/__mock/explain', ['POST'])
  })

  await app.ready()
  return app
}
