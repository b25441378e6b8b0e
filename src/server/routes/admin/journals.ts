// GET /__admin/events (the event journal) and GET /__admin/requests (the request journal), filtered, with a cursor:
// each answer carries last_seq, and ?since=that gives only what came after.
import type { FastifyInstance } from 'fastify'
import type { AdminEventsJournal, AdminRequestsJournal } from '../../../generated/types.js'
import type { EventFilter } from '../../journal/event-journal.js'
import { matchesFilter, type RequestFilter } from '../../journal/request-filter.js'
import type { MockState } from '../../state.js'
import { maskApiKeys } from './mask.js'
import { environmentOf, lastOf, onceEach, routeNamed, sinceOf, statusOf } from './query.js'

type EventQuery = Partial<Record<'workspace' | 'environment' | 'customer_id' | 'action' | 'experience_key' | 'since' | 'last', string>>
type RequestQuery = Partial<Record<'route' | 'status' | 'workspace' | 'customer' | 'since' | 'last', string>>

export async function adminJournalRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Querystring: EventQuery, Reply: AdminEventsJournal }>('/events', async (request) => {
    const q = onceEach(request.query)
    const filter: EventFilter = {}
    for (const key of ['workspace', 'customer_id', 'action', 'experience_key'] as const) {
      const value = q[key]
      if (typeof value === 'string') filter[key] = value
    }
    const environment = environmentOf(q)
    if (environment !== undefined) filter.environment = environment
    const since = sinceOf(q)
    if (since !== undefined) filter.since = since
    const last = lastOf(q)
    const events = state.events.list(filter)
    return {
      events: last === undefined ? events : events.slice(-last),
      last_seq: state.events.lastSeq,
      evicted: state.events.evicted(),
      cap: state.events.capPerWorkspace
    }
  })
  fastify.get<{ Querystring: RequestQuery, Reply: AdminRequestsJournal }>('/requests', async (request) => {
    const q = onceEach(request.query)
    const filter: RequestFilter = {}
    const route = routeNamed(q)
    if (route !== undefined) filter.route = route
    const status = statusOf(q)
    if (status !== undefined) filter.status = status
    if (q.workspace !== undefined) filter.workspace = q.workspace
    if (q.customer !== undefined) filter.customer = q.customer
    const since = sinceOf(q)
    if (since !== undefined) filter.since = since
    const last = lastOf(q)
    const keep = Object.keys(filter).length === 0 ? undefined : (e: Parameters<typeof matchesFilter>[0]) => matchesFilter(e, filter)
    return {
      requests: state.requests.list(maskApiKeys(state), keep, last),
      last_seq: state.requests.lastSeq,
      evicted: state.requests.evicted,
      cap: state.requests.cap
    }
  })
}
