// GET /__admin/events (the event journal, filtered) and GET /__admin/requests (the request journal).
import type { FastifyInstance } from 'fastify'
import type { AdminEventsJournal, AdminRequestsJournal } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import type { EventFilter } from '../../journal/event-journal.js'
import type { MockState } from '../../state.js'
import { environmentOf, lastOf, onceEach } from './query.js'

type Query = Partial<Record<'workspace' | 'environment' | 'customer_id' | 'action' | 'experience_key' | 'since' | 'last', string>>

export async function adminJournalRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Querystring: Query, Reply: AdminEventsJournal }>('/events', async (request) => {
    const q = onceEach(request.query)
    const filter: EventFilter = {}
    for (const key of ['workspace', 'customer_id', 'action', 'experience_key'] as const) {
      const value = q[key]
      if (typeof value === 'string') filter[key] = value
    }
    const environment = environmentOf(q)
    if (environment !== undefined) filter.environment = environment
    if (q.since !== undefined) {
      if (!/^\d+$/.test(q.since)) throw new VendorError('ADMIN_INVALID', 'since must be an event seq (a whole number) from an earlier answer')
      filter.since = Number(q.since)
    }
    const last = lastOf(q)
    const events = state.events.list(filter)
    return { events: last === undefined ? events : events.slice(-last), evicted: state.events.evicted(), cap: state.events.capPerWorkspace }
  })
  fastify.get<{ Querystring: Query, Reply: AdminRequestsJournal }>('/requests', async (request) => ({
    requests: state.requests.list(maskApiKeys([...state.fixtures.keysSeen]), lastOf(onceEach(request.query))),
    evicted: state.requests.evicted,
    cap: state.requests.cap
  }))
}

/** Hides every workspace API key in journal text (a client may send one in a body or a query). */
function maskApiKeys (keys: readonly string[]): (text: string) => string {
  const secrets = keys.filter((k) => k.length >= 4).sort((a, b) => b.length - a.length)
  return (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text)
}
