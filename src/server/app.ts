// buildServer(options) -> a ready-to-inject Fastify app that answers like https://sdk-0X.moengage.com/v1,
// plus the mock's own routes (/__mock/explain, /__admin, /openapi.json). Listening is separate (listen.ts).
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { CompiledFixtures } from '../fixtures/model.js'
import type { Clock } from './clock.js'
import { randomIds, type IdSource } from './ids.js'
import { SERVER_DEFAULTS } from './defaults.js'
import { gracefulClose } from './plugins/graceful-close.js'
import { jsonBody } from './plugins/json-body.js'
import { requestJournal } from './plugins/request-journal.js'
import { requestValidation } from './plugins/request-validation.js'
import { clientErrorHandler, sendVendorError, toVendorError, vendorErrors } from './plugins/vendor-errors.js'
import { adminApi } from './routes/admin/index.js'
import { refuseOtherMethods } from './routes/method-not-allowed.js'
import { openapiRoute } from './routes/openapi.js'
import { uiRoute } from './routes/ui.js'
import { personalizeApi } from './pipeline.js'
import { MockState, type ReplayOptions } from './state.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The instance's run-time state: fixtures, journals, faults, clock, rate limit. */
    mock: MockState
  }
}

export interface ServerOptions {
  /** The workspaces, users and experiences to answer from (see fixtures/load). */
  fixtures: CompiledFixtures
  /** Source of req_id and error codes. Default: random letters. */
  ids?: IdSource
  /** The time decisions use, until the admin API sets another. Default: the system clock. */
  clock?: Clock
  /** Fetch requests per minute per workspace; false: no limit. Default: SERVER_DEFAULTS (the vendor's limit). */
  rateLimit?: number | false
  /** Events kept per workspace in the journal. Default: SERVER_DEFAULTS. */
  journalCap?: number
  /** Requests kept in the request journal. Default: SERVER_DEFAULTS. */
  requestJournalCap?: number
  /** When set, the admin API requires it in X-Admin-Token and answers any address; else loopback only. */
  adminToken?: string
  /** Fastify/pino logger options. Default: false (silent). */
  logger?: FastifyServerOptions['logger']
  /** Largest accepted request body in bytes; larger ones get 413 in the envelope. Default: SERVER_DEFAULTS. */
  bodyLimit?: number
  /** Largest accepted request line + headers in bytes; larger ones get 431 in the envelope. Default: SERVER_DEFAULTS. */
  maxHeaderSize?: number
  /** close() lets requests in flight finish for up to this long, then cuts them. Default: SERVER_DEFAULTS. */
  closeGraceMs?: number
  /** Answer the calls a recording holds with their recorded answers (see src/record). */
  replay?: ReplayOptions
}

export async function buildServer (options: ServerOptions): Promise<FastifyInstance> {
  const limit = options.rateLimit
  if (limit !== undefined && limit !== false && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new TypeError(`rateLimit must be a positive whole number of requests per minute, or false; got ${String(limit)}`)
  }
  const ids = options.ids ?? randomIds
  const state = new MockState({
    fixtures: options.fixtures,
    clock: options.clock,
    journalCap: options.journalCap,
    requestJournalCap: options.requestJournalCap,
    rateLimit: options.rateLimit ?? SERVER_DEFAULTS.rateLimit,
    ...(options.replay === undefined ? {} : { replay: options.replay })
  })
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? SERVER_DEFAULTS.bodyLimit,
    http: { maxHeaderSize: options.maxHeaderSize ?? SERVER_DEFAULTS.maxHeaderSize },
    // close() ends idle keep-alive connections at once; the graceful-close plugin drains the busy ones.
    forceCloseConnections: 'idle',
    // Requests arriving while closing get 503 from graceful-close, in the vendor's envelope.
    return503OnClosing: false,
    // Errors raised before routing (a URL that cannot be decoded) leave in the envelope too.
    frameworkErrors: (error, _request, reply) => sendVendorError(reply, toVendorError(error), ids),
    clientErrorHandler
  })
  app.decorate('mock', state)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) state.routes.push({ method, url: route.url })
  })

  await app.register(vendorErrors, { ids })
  await app.register(gracefulClose, { graceMs: options.closeGraceMs ?? SERVER_DEFAULTS.closeGraceMs })
  await app.register(jsonBody)
  await app.register(requestValidation)
  await app.register(requestJournal, { state })

  // The Personalize routes, stage by stage (pipeline.ts).
  await app.register(personalizeApi, { state, ids, closing: app.closing })

  await app.register(adminApi, { prefix: '/__admin', state, adminToken: options.adminToken })
  await app.register(uiRoute, { adminToken: options.adminToken })
  await app.register(openapiRoute, { behaviour: state.fixtures.initial.behaviour })

  await app.register(async function otherMethods (scope) {
    refuseOtherMethods(scope, '/v1/experiences/fetch', ['POST'])
    refuseOtherMethods(scope, '/v1/experiences/metadata', ['GET'], ['POST'])
    refuseOtherMethods(scope, '/v1/experiences/events', ['POST'])
    refuseOtherMethods(scope, '/__mock/explain', ['POST'])
  })

  await app.ready()
  return app
}
