// Test servers: a fresh instance per test, closed on teardown.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildServer, type ServerOptions } from '../../src/server/app.js'
import { loadFixtureDocument, loadFixtureFile } from '../../src/fixtures/load.js'
import { DEMO_FIXTURE_FILE } from '../../src/fixtures/demo.js'
import type { FixtureFile } from '../../src/generated/types.js'

export interface Teardown { teardown: (fn: () => unknown) => void }

export const DEMO = { id: 'DEMO_WORKSPACE', key: 'demo-personalize-key' } as const

/** An experience_context as the demo workspace serves homepage-banner's variation 2. */
export const HOMEPAGE_CONTEXT = {
  cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_2_P_0_AU_5A',
  experience: 'Homepage Banner - Free Shipping',
  moe_locale_id: '0',
  moe_variation_id: '2',
  audience_name: 'All Users',
  audience_id: '5A',
  type: 'Web Personalization'
}

export async function demoServer (t: Teardown, options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const app = await buildServer({ fixtures: await loadFixtureFile(DEMO_FIXTURE_FILE), ...options })
  t.teardown(() => app.close())
  return app
}

export async function serverFor (t: Teardown, doc: FixtureFile, options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const app = await buildServer({ fixtures: loadFixtureDocument(doc, 'test fixture'), ...options })
  t.teardown(() => app.close())
  return app
}

export function basic (user: string, key: string): string {
  return 'Basic ' + Buffer.from(`${user}:${key}`).toString('base64')
}

/** Headers a correct client sends for a workspace. */
export function authHeaders (ws: { id: string, key: string } = DEMO): Record<string, string> {
  return { 'moe-appkey': ws.id, authorization: basic(ws.id, ws.key), 'content-type': 'application/json' }
}

export const ROUTES = {
  fetch: { method: 'POST', url: '/v1/experiences/fetch' },
  metadata: { method: 'GET', url: '/v1/experiences/metadata' },
  events: { method: 'POST', url: '/v1/experiences/events' }
} as const

export function fetchExperiences (app: FastifyInstance, body: unknown, headers = authHeaders()): Promise<LightMyRequestResponse> {
  return app.inject({ ...ROUTES.fetch, headers, payload: JSON.stringify(body) })
}

export function getMetadata (app: FastifyInstance, query = '', headers = authHeaders()): Promise<LightMyRequestResponse> {
  return app.inject({ ...ROUTES.metadata, url: ROUTES.metadata.url + query, headers })
}

export function trackEvents (app: FastifyInstance, body: unknown, headers = authHeaders()): Promise<LightMyRequestResponse> {
  return app.inject({ ...ROUTES.events, headers, payload: JSON.stringify(body) })
}

export type { InjectOptions }
