// POST/GET/DELETE /__admin/faults, DELETE /__admin/faults/:id
import type { FastifyInstance } from 'fastify'
import type { AdminFault, AdminFaultList, AdminFaultRequest } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import type { MockState } from '../../state.js'
import { seqOf } from './query.js'
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
  fastify.delete<{ Params: { id: string }, Reply: AdminFaultList }>('/faults/:id', async (request) => {
    const id = seqOf(request.params.id, 'fault id')
    if (!state.faults.remove(id)) throw new VendorError('NOT_FOUND', `No fault ${id}: it was never added, or was cleared, or its times ran out.`)
    return { faults: state.faults.list() }
  })
}
