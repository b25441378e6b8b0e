// GET /__admin/events (the event journal, filtered) and GET /__admin/requests (the request journal).
import type { FastifyInstance } from 'fastify'
import type { AdminEventsJournal, AdminRequestsJournal } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import type { EventFilter } from '../../journal/event-journal.js'
import type { MockState } from '../../state.js'

type Query = Partial<Record<'workspace' | 'customer_id' | 'action' | 'experience_key' | 'since', string>>

export async function adminJournalRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Querystring: Query, Reply: AdminEventsJournal }>('/events', async (request) => {
    const q = request.query
    const repeated = Object.entries(q).find(([, v]) => Array.isArray(v))
    if (repeated !== undefined) throw new VendorError('ADMIN_INVALID', `${repeated[0]} - give it once`)
    const filter: EventFilter = {}
    for (const key of ['workspace', 'customer_id', 'action', 'experience_key'] as const) {
      const value = q[key]
      if (typeof value === 'string') filter[key] = value
    }
    if (q.since !== undefined) {
      if (!/^\d+$/.test(q.since)) throw new VendorError('ADMIN_INVALID', 'since must be an event seq (a whole number) from an earlier answer')
      filter.since = Number(q.since)
    }
    return { events: state.events.list(filter), evicted: state.events.evicted(), cap: state.events.capPerWorkspace }
  })
  fastify.get<{ Reply: AdminRequestsJournal }>('/requests', async () => ({
    requests: state.requests.list(maskApiKeys([...state.fixtures.keysSeen])),
    evicted: state.requests.evicted,
    cap: state.requests.cap
  }))
}

/** Hides every workspace API key in journal text (a client may send one in a body or a query). */
function maskApiKeys (keys: readonly string[]): (text: string) => string {
  const secrets = keys.filter((k) => k.length >= 4).sort((a, b) => b.length - a.length)
  return (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text)
}
