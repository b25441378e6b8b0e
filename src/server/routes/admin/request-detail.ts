// GET /__admin/requests/:seq[?against=current]: one journaled request in detail (src/server/request-detail.ts).
import type { FastifyInstance } from 'fastify'
import type { AdminRequestDetail } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import { requestDetail, type Against } from '../../request-detail.js'
import type { MockState } from '../../state.js'
import { maskApiKeys } from './mask.js'
import { onceEach, seqOf } from './query.js'

type Query = Partial<Record<'against', string>>

export async function adminRequestDetailRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Params: { seq: string }, Querystring: Query, Reply: AdminRequestDetail }>('/requests/:seq', async (request) => {
    const seq = seqOf(request.params.seq, 'seq')
    const against = againstOf(onceEach(request.query))
    const entry = state.requests.get(seq)
    if (entry === undefined) throw new VendorError('NOT_FOUND', notHeld(seq, state))
    const mask = maskApiKeys(state)
    // The explanation quotes values of the request (in-session keys, identifiers): masked like the rest.
    const detail = requestDetail(entry, state, mask, against)
    return JSON.parse(JSON.stringify(detail, (_key, value: unknown) => typeof value === 'string' ? mask(value) : value)) as AdminRequestDetail
  })
}

/** `against=current`: explain with today's fixtures, clock and users; default (or `request`): with the request's. */
function againstOf (q: Query): Against {
  const a = q.against
  if (a === undefined || a === 'request') return 'request'
  if (a === 'current') return 'current'
  throw new VendorError('ADMIN_INVALID', `against - "${a}" is neither current (today's fixtures, clock and users) nor request (the request's own)`)
}

function notHeld (seq: number, state: MockState): string {
  const { lastSeq, cap } = state.requests
  if (seq > lastSeq || seq === 0) return `No request #${seq}: the newest request is #${lastSeq}.`
  return `Request #${seq} is no longer in the request journal: it keeps the last ${cap} requests (a reset clears it).`
}
