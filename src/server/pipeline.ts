// The Personalize request pipeline: every Personalize route (/v1/experiences/*, /__mock/explain) passes these
// stages in this order. Each stage is one plugin that raises its own errors; none reads a flag another set, and a
// stage that is off registers nothing (replay without a recording). docs/architecture.md lists them with their errors.
// The app's own plugins and routes do the rest: routing's 404 and 405 (vendor-errors, routes/method-not-allowed),
// the body's parsing (json-body: Malformed JSON, between the onRequest and preValidation hooks) and the request
// journal (request-journal, onResponse).
import type { FastifyInstance } from 'fastify'
import type { IdSource } from './ids.js'
import { auth } from './plugins/auth.js'
import { bodyValidation } from './plugins/body-validation.js'
import { faults } from './plugins/faults.js'
import { requiredBody } from './plugins/json-body.js'
import { methodSwitch } from './plugins/method-switch.js'
import { rateLimit } from './plugins/rate-limit.js'
import { replay } from './plugins/replay.js'
import { workspace } from './plugins/workspace.js'
import { eventsRoute } from './routes/events.js'
import { explainRoute } from './routes/explain.js'
import { fetchRoute } from './routes/fetch.js'
import { metadataRoute } from './routes/metadata.js'
import type { MockState } from './state.js'

export interface PipelineOptions {
  state: MockState
  ids: IdSource
  /** Aborted when the server starts closing: an injected delay ends early. */
  closing: AbortSignal
}

export async function personalizeApi (api: FastifyInstance, opts: PipelineOptions): Promise<void> {
  const { state, ids } = opts
  // Routing: a method the workspace's behaviour switches off is 405 (onRequest).
  await api.register(methodSwitch, { fixtures: state.fixtures })
  // MOE-APPKEY → workspace and environment, else 400 Request Error (onRequest).
  await api.register(workspace, { fixtures: state.fixtures })
  // Basic auth for that workspace, else 401 (onRequest).
  await api.register(auth)
  // A route that declares a body requires one, else 400 Malformed JSON (preValidation).
  await api.register(requiredBody)
  // With a recording only: the lookup comes before validation (a held call's recorded answer wins over it; under
  // --replay-strict a call not held is 404); the recorded answer itself is given in place of the route's, below.
  if (state.replay !== undefined) await api.register(replay, state.replay)
  // The workspace's rules, else 400 Invalid Field Value in the vendor's wording (preValidation).
  await api.register(bodyValidation)
  // Injected faults, then the rate limit: 429 (preHandler).
  await api.register(faults, { state, ids, closing: opts.closing })
  await api.register(rateLimit, { state })
  // The answer: the engine, serialized by each route (or the recording, through replay's handler).
  await api.register(async function v1 (routes) {
    await routes.register(fetchRoute, { state })
    await routes.register(metadataRoute)
    await routes.register(eventsRoute, { state, ids })
  }, { prefix: '/v1' })
  await api.register(explainRoute, { state })
}
