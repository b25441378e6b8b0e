// POST/GET/DELETE /__admin/faults
import type { FastifyInstance } from 'fastify'
import type { AdminFault, AdminFaultList, AdminFaultRequest } from '../../../generated/types.js'
import type { MockState } from '../../state.js'
import { adminBody } from './validation.js'

export async function adminFaultRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.post<{ Body: AdminFaultRequest, Reply: AdminFault }>('/faults', adminBody('FaultRequest'), async (request, reply) => {
    reply.code(201)
    return state.faults.add(request.body)
  })
  fastify.get<{ Reply: AdminFaultList }>('/faults', async () => ({ faults: state.faults.list() }))
  fastify.delete<{ Reply: AdminFaultList }>('/faults', async () => {
    state.faults.clear()
    return { faults: [] }
  })
}
