import t from 'tap'
import { authHeaders, demoServer, fetchExperiences, serverFor } from './helpers/server.js'
import { audience, experience, fixtureFile, variation, workspace } from './helpers/fixtures.js'
import type { FixtureVariation } from '../src/generated/types.js'
import { violations } from './helpers/schemas.js'
import { loadFixtureFile } from '../src/fixtures/load.js'
import { DEMO_FIXTURE_FILE } from '../src/fixtures/demo.js'
import { buildServer } from '../src/server/app.js'

const CID = /^[0-9a-f]{24}_F_T_WP_AB_([0-9]+)_P_0_AU_([0-9A-Za-z]+)$/

t.test('an Active All Users experience is served with its payload and a complete experience_context', async (t) => {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.strictSame(violations('fetch-response.schema.json', body), [])
  t.strictSame(Object.keys(body.experiences), ['homepage-banner'])
  const served = body.experiences['homepage-banner']
  t.strictSame(Object.keys(served.payload).sort(), ['ImageURL', 'ShowCountdown', 'Title'])
  t.match(served.payload.Title, { data_type: 'string', value: String })
  const ctx = served.experience_context
  t.ok(['1', '2'].includes(ctx.moe_variation_id))
  t.strictSame(ctx, {
    cid: `65eae5738ea5032b0ef60138_F_T_WP_AB_${ctx.moe_variation_id}_P_0_AU_5A`,
    experience: 'Homepage Banner - Free Shipping',
    moe_locale_id: '0',
    moe_variation_id: ctx.moe_variation_id,
    audience_name: 'All Users',
    audience_id: '5A',
    type: 'Web Personalization',
    experience_type: 'API based Experience'
  })
})

t.test('the cid is <campaign id>_F_T_WP_AB_<variation id>_P_0_AU_<audience id>', async (t) => {
  const app = await demoServer(t)
  for (let i = 0; i < 20; i++) {
    const ctx = (await fetchExperiences(app, { identifiers: { customer_id: `visitor-${i}` } })).json().experiences['homepage-banner'].experience_context
    const match = CID.exec(ctx.cid)
    t.ok(match, ctx.cid)
    t.equal(ctx.cid.slice(0, 24), '65eae5738ea5032b0ef60138', 'campaign id from the fixture')
    t.equal(match?.[1], ctx.moe_variation_id)
    t.equal(match?.[2], ctx.audience_id)
  }
})

t.test('an experience without campaign_id gets a stable derived one', async (t) => {
  const doc = fixtureFile(workspace({ experiences: [experience('no-campaign-id')] }))
  const one = await serverFor(t, doc)
  const two = await serverFor(t, doc)
  const headers = authHeaders({ id: 'WS_ONE', key: 'key-one' })
  const a = (await fetchExperiences(one, {}, headers)).json().experiences['no-campaign-id'].experience_context.cid
  const b = (await fetchExperiences(two, {}, headers)).json().experiences['no-campaign-id'].experience_context.cid
  t.match(a, CID)
  t.equal(a, b)
})

t.test('payload values are typed as the vendor\'s spec types them: numbers, floats and booleans as their text, json as the object', async (t) => {
  const app = await demoServer(t)
  const checkout = (await fetchExperiences(app, { experience_key: ['checkout-reassurance'] })).json().experiences['checkout-reassurance'].payload
  t.strictSame(checkout, {
    Message: { value: '30-day returns, no questions asked', data_type: 'string' },
    MaxItemsShown: { value: '3', data_type: 'number' },
    DiscountRate: { value: '0.15', data_type: 'float' },
    Badges: { value: { secure: true, icons: ['visa', 'mastercard'] }, data_type: 'json' }
  })
  const banner = (await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })).json().experiences['homepage-banner'].payload
  t.match(banner.ShowCountdown, { value: /^(true|false)$/, data_type: 'boolean' })
})

t.test('a fixture value written natively reaches the wire as its text, whatever the number', async (t) => {
  const payload = {
    Zero: { value: 0, data_type: 'number' },
    Negative: { value: -12, data_type: 'number' },
    Big: { value: 12345678901, data_type: 'number' },
    Tiny: { value: 0.000001, data_type: 'float' },
    Whole: { value: 2.0, data_type: 'float' },
    No: { value: false, data_type: 'boolean' },
    List: { value: [1, 'two'], data_type: 'json' },
    Text: { value: '007', data_type: 'string' }
  }
  const doc = fixtureFile(workspace({ experiences: [experience('typed-values', { audiences: [audience({ variations: [variation({ payload: payload as FixtureVariation['payload'] })] })] })] }))
  const app = await serverFor(t, doc)
  const served = (await fetchExperiences(app, {}, authHeaders({ id: 'WS_ONE', key: 'key-one' }))).json().experiences['typed-values'].payload
  t.strictSame(served, {
    Zero: { value: '0', data_type: 'number' },
    Negative: { value: '-12', data_type: 'number' },
    Big: { value: '12345678901', data_type: 'number' },
    Tiny: { value: '0.000001', data_type: 'float' },
    Whole: { value: '2', data_type: 'float' },
    No: { value: 'false', data_type: 'boolean' },
    List: { value: [1, 'two'], data_type: 'json' },
    Text: { value: '007', data_type: 'string' }
  })
})

t.test('an unknown key is omitted: 200 with {"experiences":{}}', async (t) => {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['no-such-experience'] })
  t.equal(res.statusCode, 200)
  t.equal(res.body, '{"experiences":{}}')
})

t.test('Paused and Scheduled experiences are omitted, not errors', async (t) => {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, { experience_key: ['cart-upsell', 'christmas-sale-strip', 'homepage-banner'] })
  t.equal(res.statusCode, 200)
  t.strictSame(Object.keys(res.json().experiences), ['homepage-banner'])
})

t.test('without experience_key, every experience the caller qualifies for is served', async (t) => {
  const app = await demoServer(t)
  for (const body of [{}, { experience_key: [] }]) {
    const res = await fetchExperiences(app, body)
    t.strictSame(Object.keys(res.json().experiences), ['homepage-banner', 'checkout-reassurance'], `anonymous: ${JSON.stringify(body)}`)
  }
  const newCustomer = await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-2' } })
  t.strictSame(Object.keys(newCustomer.json().experiences), ['homepage-banner', 'checkout-reassurance', 'new-customer-welcome'])
})

t.test('more than 25 keys is not an error: only the first 25 are served', async (t) => {
  const keys = Array.from({ length: 30 }, (_, i) => `experience-${String(i).padStart(2, '0')}`)
  const app = await serverFor(t, fixtureFile(workspace({ experiences: keys.map((k) => experience(k)) })))
  const res = await fetchExperiences(app, { experience_key: keys }, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  t.equal(res.statusCode, 200)
  t.strictSame(Object.keys(res.json().experiences), keys.slice(0, 25))
})

t.test('keys past the 25th are not served even when earlier ones are unknown', async (t) => {
  const app = await serverFor(t, fixtureFile(workspace({ experiences: [experience('the-26th-key')] })))
  const keys = [...Array.from({ length: 25 }, (_, i) => `unknown-${i}`), 'the-26th-key']
  const res = await fetchExperiences(app, { experience_key: keys }, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  t.equal(res.body, '{"experiences":{}}')
})

t.test('a key asked twice is served once, in the order first asked', async (t) => {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, { experience_key: ['checkout-reassurance', 'homepage-banner', 'checkout-reassurance'] })
  t.strictSame(Object.keys(res.json().experiences), ['checkout-reassurance', 'homepage-banner'])
})

t.test('an anonymous visitor (no identifiers) gets All Users experiences', async (t) => {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, { experience_key: ['homepage-banner'] })
  t.ok(res.json().experiences['homepage-banner'])
})

t.test('the same customer gets the same variation on every call and after a restart', async (t) => {
  const fixtures = await loadFixtureFile(DEMO_FIXTURE_FILE)
  const first = await buildServer({ fixtures })
  const variationsSeen = new Map<string, string>()
  for (let i = 0; i < 50; i++) {
    const body = { identifiers: { customer_id: `customer-${i}` }, experience_key: ['homepage-banner'] }
    const a = (await fetchExperiences(first, body)).json().experiences['homepage-banner'].experience_context.moe_variation_id
    const b = (await fetchExperiences(first, body)).json().experiences['homepage-banner'].experience_context.moe_variation_id
    t.equal(a, b)
    variationsSeen.set(`customer-${i}`, a)
  }
  await first.close()
  const second = await demoServer(t)
  for (const [customer, variationId] of variationsSeen) {
    const body = { identifiers: { customer_id: customer }, experience_key: ['homepage-banner'] }
    t.equal((await fetchExperiences(second, body)).json().experiences['homepage-banner'].experience_context.moe_variation_id, variationId)
  }
  t.strictSame(new Set(variationsSeen.values()), new Set(['1', '2']), 'both variations are in use')
})

t.test('a user found through user_identifiers buckets like the same user found by customer_id', async (t) => {
  const app = await demoServer(t)
  const byId = (await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' } })).json()
  const byEmail = (await fetchExperiences(app, { identifiers: { user_identifiers: { u_em: 'ada@example.com' } } })).json()
  const byUnknownIdThenEmail = (await fetchExperiences(app, { identifiers: { customer_id: 'who?', user_identifiers: { u_em: 'ada@example.com' } } })).json()
  t.strictSame(byEmail, byId)
  t.strictSame(byUnknownIdThenEmail, byId)
})

t.test('a zero-weight variation is never served', async (t) => {
  const doc = fixtureFile(workspace({
    experiences: [experience('weighted-split', {
      audiences: [audience({ variations: [variation({ id: '1', weight: 0 }), variation({ id: '2', weight: 100 })] })]
    })]
  }))
  const app = await serverFor(t, doc)
  for (let i = 0; i < 30; i++) {
    const ctx = (await fetchExperiences(app, { identifiers: { customer_id: `c${i}` } }, authHeaders({ id: 'WS_ONE', key: 'key-one' }))).json().experiences['weighted-split'].experience_context
    t.equal(ctx.moe_variation_id, '2')
  }
})

t.test('the answer lists its experiences in the order asked, keys that read as numbers too', async (t) => {
  const app = await serverFor(t, fixtureFile(workspace({ experiences: ['promo', '20000', '10000'].map((key) => experience(key)) })))
  const asked = ['promo', '20000', '10000']
  const res = await fetchExperiences(app, { experience_key: asked }, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  const order = asked.map((key) => res.body.indexOf(`"${key}":`))
  t.ok(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number))), `members in the order asked: ${res.body.slice(0, 80)}`)
})

t.test('an experience keyed "__proto__" is served like any other key', async (t) => {
  const app = await serverFor(t, fixtureFile(workspace({ experiences: [experience('__proto__'), experience('constructor')] })))
  const res = await fetchExperiences(app, { experience_key: ['__proto__', 'constructor'] }, authHeaders({ id: 'WS_ONE', key: 'key-one' }))
  t.strictSame(Object.keys(JSON.parse(res.body).experiences), ['__proto__', 'constructor'])
})
