// 10,000 events sent concurrently over real sockets, a fifth of them retries of earlier uuids: the journal
// holds exactly the unique set, once each, in a consistent order, and every batch is acknowledged.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { startMockServer } from '../src/server/start.js'
import { mulberry32 } from '../src/server/faults.js'

const BATCHES = 200
const ELEMENTS = 10
const ACTIONS = 5 // 200 x 10 x 5 = 10,000 actions
const CONCURRENCY = 40
const CONTEXT = { cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_1_P_0_AU_5A', experience: 'Homepage Banner', moe_locale_id: '0', moe_variation_id: '1', audience_name: 'All Users', audience_id: '5A', type: 'Web Personalization' }

t.test('no event is lost or stored twice under concurrent batches with retried uuids', async (t) => {
  const mock = await startMockServer({ rateLimit: false })
  t.teardown(() => mock.close())
  const random = mulberry32(2026)
  const sent: string[] = []
  const batches = Array.from({ length: BATCHES }, () => ({
    elements: Array.from({ length: ELEMENTS }, (_, e) => ({
      customer_id: `customer-${e}`,
      actions: Array.from({ length: ACTIONS }, () => {
        // One action in five re-sends a uuid already used (possibly still in flight in another batch).
        const uuid = sent.length > 0 && random() < 0.2 ? sent[Math.floor(random() * sent.length)] as string : randomUUID()
        sent.push(uuid)
        return { action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: uuid, event_time: 1795946400, platform: 'web', attributes: CONTEXT }
      })
    }))
  }))
  const client = mock.client(undefined, { retries: 3, baseDelayMs: 5 })
  let next = 0
  let acks = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!
      const ack = await client.trackEvents(batch as never)
      if (ack.status === 'success') acks++
    }
  }))
  const unique = new Set(sent)
  const journal = await mock.admin.events({ workspace: 'DEMO_WORKSPACE' })
  t.equal(acks, BATCHES, 'every batch acknowledged')
  t.equal(sent.length, BATCHES * ELEMENTS * ACTIONS)
  t.ok(unique.size < sent.length * 0.85, `${sent.length - unique.size} retried uuids among ${sent.length}`)
  t.equal(journal.events.length, unique.size, 'the journal holds exactly the unique events')
  t.strictSame(new Set(journal.events.map((e) => e.moe_event_uuid)), unique, 'each of them')
  t.equal(journal.events.reduce((n, e) => n + e.duplicates, 0), sent.length - unique.size, 'duplicates are counted, not stored')
  t.ok(journal.events.every((e, i) => i === 0 || e.seq > (journal.events[i - 1]?.seq ?? 0)), 'listed in arrival order')
  t.strictSame(journal.evicted, {}, 'nothing evicted')
})
