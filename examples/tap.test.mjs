// An integration test with tap: your code calls the Personalize API; the mock answers and records.
import t from 'tap'
import { startMockServer, createPersonalizeClient, buildEvent, readPayload, SHOWN } from 'moengage-personalize-mock'

t.test('the banner impression is reported for the variation shown', async (t) => {
  const mock = await startMockServer() // the demo fixtures; or { fixtures: 'test/my-fixtures.json' }
  t.teardown(() => mock.close())
  const [{ id, apiKey }] = mock.workspaces

  // What your app does, pointed at mock.baseUrl instead of https://sdk-0X.moengage.com/v1:
  const personalize = createPersonalizeClient({ baseUrl: mock.baseUrl, workspaceId: id, apiKey })
  const { experiences } = await personalize.fetchExperiences({ identifiers: { customer_id: 'u-42' }, experience_key: ['homepage-banner'] })
  const banner = experiences['homepage-banner']
  await personalize.trackEvents({ elements: [buildEvent({ customerId: 'u-42', context: banner.experience_context, action: SHOWN })] })

  // What the test asserts: the impression arrived, for the context that was served to that customer.
  const { events } = await mock.admin.events({ customer_id: 'u-42' })
  t.equal(events.length, 1)
  t.equal(events[0].context_check, 'ok')
  t.equal(events[0].attributes.moe_variation_id, banner.experience_context.moe_variation_id)
})

t.test('the app falls back when Personalize fails', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  await mock.admin.addFault({ route: 'fetch', status: 503, times: 1 })
  const err = await mock.client().fetchExperiences({ experience_key: ['homepage-banner'] }).catch((e) => e)
  t.equal(err.status, 503)
})

t.test('payload values come as the vendor sends them: numbers and booleans as text', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  const { experiences } = await mock.client().fetchExperiences({ experience_key: ['checkout-reassurance'] })
  const { payload } = experiences['checkout-reassurance']
  t.same(payload.MaxItemsShown, { value: '3', data_type: 'number' }) // the fixture says 3
  t.equal(readPayload(payload).MaxItemsShown, 3) // read back by its data_type
})
