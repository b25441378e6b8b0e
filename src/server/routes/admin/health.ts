// GET /__admin/health, POST /__admin/reset
import type { FastifyInstance } from 'fastify'
import type { AdminHealth, AdminReset } from '../../../generated/types.js'
import { DEFAULT_BEHAVIOUR } from '../../../fixtures/behaviour.js'
import type { MockState } from '../../state.js'

export async function adminHealthRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Reply: AdminHealth }>('/health', async () => ({
    status: 'ok',
    fixtures: state.fixtures.current.source,
    workspaces: [...state.fixtures.current.workspaces.keys()],
    now: state.clock.read().toISOString(),
    clock: state.clock.mode,
    behaviour: {
      defaults: DEFAULT_BEHAVIOUR,
      server: state.fixtures.current.behaviour,
      workspaces: Object.fromEntries([...state.fixtures.current.workspaces.values()].map((w) => [w.id, w.behaviour]))
    },
    ...(state.replay === undefined
      ? {}
      : { replay: { recording: state.replay.store.source, interactions: state.replay.store.size, strict: state.replay.strict } })
  }))
  fastify.post<{ Reply: AdminReset }>('/reset', async () => {
    state.reset()
    return { status: 'reset' }
  })
}
