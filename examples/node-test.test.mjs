// The same with node:test (node --test).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startMockServer, buildEvent, SHOWN } from 'moengage-personalize-mock'

test('the banner impression is reported for the variation shown', async (t) => {
  const mock = await startMockServer()
  t.after(() => mock.close())
  const personalize = mock.client() // a client for the first workspace of the fixtures
  const { experiences } = await personalize.fetchExperiences({ identifiers: { customer_id: 'u-42' }, experience_key: ['homepage-banner'] })
  const banner = experiences['homepage-banner']
  await personalize.trackEvents({ elements: [buildEvent({ customerId: 'u-42', context: banner.experience_context, action: SHOWN })] })
  const { events } = await mock.admin.events({ customer_id: 'u-42' })
  assert.equal(events.length, 1)
  assert.equal(events[0].context_check, 'ok')
})

test('a schedule follows the mock clock', async (t) => {
  const mock = await startMockServer()
  t.after(() => mock.close())
  await mock.admin.setClock({ now: '2026-12-21T12:00:00Z' }) // inside christmas-sale-strip's window...
  const { experiences } = await mock.client().fetchExperiences({ experience_key: ['christmas-sale-strip'] })
  assert.deepEqual(experiences, {}) // ...but it is Scheduled, not Active, so it is not served
})
