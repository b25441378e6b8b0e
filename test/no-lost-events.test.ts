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
  // No client retries and no client time limit: a batch the server stored but answered late must not be sent again
  // by the client (that would be a duplicate this test did not plan), however loaded the machine is.
  const client = mock.client(undefined, { retries: 0, timeoutMs: 600_000 })
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
  // Order: a uuid sent exactly once was stored by its own batch; those of each batch appear in the journal in
  // the order the batch listed them, and reading the journal again gives the same order.
  const timesSent = new Map<string, number>()
  for (const uuid of sent) timesSent.set(uuid, (timesSent.get(uuid) ?? 0) + 1)
  const position = new Map(journal.events.map((e, i) => [e.moe_event_uuid, i]))
  const outOfOrder = batches.filter((b) => {
    const own = b.elements.flatMap((e) => e.actions.map((a) => a.moe_event_uuid)).filter((u) => timesSent.get(u) === 1)
    return own.some((u, i) => i > 0 && (position.get(u) ?? -1) < (position.get(own[i - 1] as string) ?? -1))
  })
  t.equal(outOfOrder.length, 0, 'each batch\'s events are stored in the order it sent them')
  const again = await mock.admin.events({ workspace: 'DEMO_WORKSPACE' })
  t.strictSame(again.events.map((e) => e.moe_event_uuid), journal.events.map((e) => e.moe_event_uuid), 'the same order on every read')
  t.strictSame(journal.evicted, {}, 'nothing evicted')
})
