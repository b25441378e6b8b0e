// startMockServer(): an isolated mock on a free port for one test file, with typed clients for its API and
// its admin API. Each call is its own instance: parallel test files never share state.
import { SERVER_DEFAULTS } from './defaults.js'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { createAdminClient, type AdminClient } from '../client/admin.js'
import { createPersonalizeClient, type PersonalizeClient } from '../client/client.js'
import type { ClientOptions } from '../client/config.js'
import { testWorkspaceIdOf } from '../fixtures/app-key.js'
import { loadBehaviourDocument } from '../fixtures/behaviour.js'
import { DEMO_FIXTURE_FILE } from '../fixtures/demo.js'
import { loadFixtureDocument, loadFixtureFile } from '../fixtures/load.js'
import type { CompiledFixtures } from '../fixtures/model.js'
import type { Behaviour, FixtureFile, Recording } from '../generated/types.js'
import { ReplayStore } from '../record/replay-store.js'
import { buildServer } from './app.js'
import type { Clock } from './clock.js'
import { listen } from './listen.js'

export interface StartOptions {
  /** A fixture file path, a fixture document, or compiled fixtures. Default: the embedded demo. */
  fixtures?: string | FixtureFile | CompiledFixtures
  /**
   * Switches of the behaviour catalogue (schemas/behaviour.schema.json), e.g. `{ payload_values: 'native' }`; a
   * workspace's own `behaviour` in the fixtures wins. Refused (FixtureError) when a switch or value is unknown.
   */
  behaviour?: Behaviour
  /** Default 0: any free port. */
  port?: number
  /** Default: SERVER_DEFAULTS.host. */
  host?: string
  /** The time decisions use (the admin API can still set it). Default: the system clock. */
  clock?: Clock
  /** Fetch requests per minute per workspace; false: none. Default: SERVER_DEFAULTS (the vendor's limit). */
  rateLimit?: number | false
  /** Default: silent. */
  logger?: FastifyServerOptions['logger']
  /** Events kept per workspace in the journal. Default: SERVER_DEFAULTS. */
  journalCap?: number
  /**
   * Answer the calls a recording holds with their recorded answers; with `strict`, refuse the others (404) instead
   * of answering them from the fixtures.
   */
  replay?: { recording: Recording, strict?: boolean, source?: string }
}

export interface RunningMock {
  /** Root URL, e.g. http://127.0.0.1:41234 (the admin API and /openapi.json live here). */
  url: string
  /** The API's base URL, e.g. http://127.0.0.1:41234/v1: give it to your app as the Personalize host. */
  baseUrl: string
  /** Every workspace of the fixtures, with its Personalize API key. */
  workspaces: Array<{ id: string, apiKey: string }>
  admin: AdminClient
  /**
   * A Personalize client for a workspace (default: the first), without retries unless asked. `<id>_DEBUG` gives a
   * client of that workspace's Test environment.
   */
  client: (workspaceId?: string, options?: Partial<ClientOptions>) => PersonalizeClient
  /** The Fastify instance, for inject() or anything else. */
  app: FastifyInstance
  close: () => Promise<void>
}

async function compiled (fixtures: StartOptions['fixtures'], behaviour: Behaviour | undefined): Promise<CompiledFixtures> {
  const load = behaviour === undefined ? {} : { behaviour: loadBehaviourDocument(behaviour, 'startMockServer behaviour') }
  if (fixtures === undefined) return await loadFixtureFile(DEMO_FIXTURE_FILE, load)
  if (typeof fixtures === 'string') return await loadFixtureFile(fixtures, load)
  if ('workspaces' in fixtures && fixtures.workspaces instanceof Map) {
    // Compiled without this behaviour: compiled again from its document, with it.
    const set = fixtures as CompiledFixtures
    return behaviour === undefined ? set : loadFixtureDocument(set.document, set.source, load)
  }
  return loadFixtureDocument(fixtures, 'startMockServer fixtures', load)
}

export async function startMockServer (options: StartOptions = {}): Promise<RunningMock> {
  const fixtures = await compiled(options.fixtures, options.behaviour)
  const app = await buildServer({
    fixtures,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.journalCap === undefined ? {} : { journalCap: options.journalCap }),
    ...(options.replay === undefined
      ? {}
      : { replay: { store: new ReplayStore(options.replay.recording, options.replay.source ?? 'the recording'), strict: options.replay.strict ?? false } })
  })
  let baseUrl: string
  try {
    baseUrl = await listen(app, { host: options.host ?? SERVER_DEFAULTS.host, port: options.port ?? 0 })
  } catch (err) {
    await app.close()
    throw err
  }
  const url = baseUrl.replace(/\/v1$/, '')
  const workspaces = [...fixtures.workspaces.values()].map((w) => ({ id: w.id, apiKey: w.apiKey }))
  return {
    url,
    baseUrl,
    workspaces,
    admin: createAdminClient({ url }),
    client: (workspaceId, clientOptions = {}) => {
      const appKey = workspaceId ?? workspaces[0]?.id
      const ws = workspaces.find((w) => w.id === appKey) ?? workspaces.find((w) => w.id === testWorkspaceIdOf(appKey ?? ''))
      if (ws === undefined || appKey === undefined) throw new Error(`no workspace ${String(workspaceId)} in the fixtures`)
      return createPersonalizeClient({ baseUrl, workspaceId: appKey, apiKey: ws.apiKey, retries: 0, ...clientOptions })
    },
    app,
    close: async () => { await app.close() }
  }
}
