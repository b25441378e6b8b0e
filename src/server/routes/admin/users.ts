// GET /__admin/users (the users accepted events made or changed) and GET /__admin/users/:customer_id (one user as
// the mock sees them now: the fixture entry with events applied).
import type { FastifyInstance } from 'fastify'
import type { AdminUser, AdminUsers } from '../../../generated/types.js'
import type { CompiledWorkspace } from '../../../fixtures/model.js'
import { VendorError } from '../../errors.js'
import type { MockState } from '../../state.js'
import { environmentOf, lastOf, onceEach } from './query.js'

type Query = Partial<Record<'workspace' | 'environment' | 'last', string>>

export async function adminUserRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Querystring: Query, Reply: AdminUsers }>('/users', async (request) => {
    const q = onceEach(request.query)
    const environment = environmentOf(q)
    const workspaces = q.workspace === undefined ? [...state.fixtures.current.workspaces.values()] : [workspaceNamed(state, q.workspace)]
    const envs = workspaces.flatMap((ws) => environment === undefined ? [ws.live, ws.test] : [ws[environment]])
    const users = envs.flatMap((env) => state.users.list(env))
    const last = lastOf(q)
    return { users: last === undefined ? users : users.slice(-last), evicted: state.users.evicted(), cap: state.users.cap }
  })
  fastify.get<{ Params: { customer_id: string }, Querystring: Query, Reply: AdminUser }>('/users/:customer_id', async (request) => {
    const q = onceEach(request.query)
    const ws = q.workspace === undefined ? onlyWorkspace(state) : workspaceNamed(state, q.workspace)
    const env = ws[environmentOf(q) ?? 'live']
    const id = request.params.customer_id
    const user = state.users.read(env, id)
    if (user === undefined) {
      throw new VendorError(
        'NOT_FOUND',
        `No user ${JSON.stringify(id)} in the ${env.name} environment of workspace ${ws.id}: ` +
        'no fixture user has this customer_id, and no accepted event named it.'
      )
    }
    return user
  })
}

function workspaceNamed (state: MockState, id: string): CompiledWorkspace {
  const ws = state.fixtures.current.workspaces.get(id)
  if (ws === undefined) throw new VendorError('ADMIN_INVALID', `workspace - no workspace ${JSON.stringify(id)} in the fixtures`)
  return ws
}

function onlyWorkspace (state: MockState): CompiledWorkspace {
  const all = [...state.fixtures.current.workspaces.values()]
  if (all.length !== 1 || all[0] === undefined) {
    throw new VendorError('ADMIN_INVALID', `workspace - give the workspace id: the fixtures hold ${all.length} workspaces`)
  }
  return all[0]
}
