import t from 'tap'
import { demoServer, getMetadata } from './helpers/server.js'
import { violations } from './helpers/schemas.js'

const ALL = [
  { experience_name: 'Homepage Banner - Free Shipping', experience_key: 'homepage-banner', status: 'Active' },
  { experience_name: 'Checkout Reassurance Strip', experience_key: 'checkout-reassurance', status: 'Active' },
  { experience_name: 'Cart Upsell Widget', experience_key: 'cart-upsell', status: 'Paused' },
  { experience_name: 'Christmas Sale Strip', experience_key: 'christmas-sale-strip', status: 'Scheduled' }
]
const only = (...statuses: string[]) => ALL.filter((e) => statuses.includes(e.status))

t.test('without status, every experience is listed with its count', async (t) => {
  const app = await demoServer(t)
  const res = await getMetadata(app)
  t.equal(res.statusCode, 200)
  t.strictSame(violations('metadata-response.schema.json', res.json()), [])
  t.strictSame(res.json(), { metadata: { count: 4, experiences: ALL } })
})

t.test('status filters by one value, and count is taken after filtering', async (t) => {
  const app = await demoServer(t)
  t.strictSame((await getMetadata(app, '?status=Active')).json(), { metadata: { count: 2, experiences: only('Active') } })
  t.strictSame((await getMetadata(app, '?status=Scheduled')).json(), { metadata: { count: 1, experiences: only('Scheduled') } })
})

t.test('status is a comma-separated list', async (t) => {
  const app = await demoServer(t)
  t.strictSame((await getMetadata(app, '?status=Paused,Scheduled')).json(), { metadata: { count: 2, experiences: only('Paused', 'Scheduled') } })
  t.strictSame((await getMetadata(app, '?status=Active%2CPaused')).json(), { metadata: { count: 3, experiences: only('Active', 'Paused') } })
})

t.test('status is case-sensitive: a wrong case matches nothing and is not an error', async (t) => {
  const app = await demoServer(t)
  const res = await getMetadata(app, '?status=active')
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { metadata: { count: 0, experiences: [] } })
})

t.test('unknown status values are ignored; only known ones in the list match', async (t) => {
  const app = await demoServer(t)
  t.strictSame((await getMetadata(app, '?status=Expired')).json(), { metadata: { count: 0, experiences: [] } })
  t.strictSame((await getMetadata(app, '?status=Expired,Paused')).json(), { metadata: { count: 1, experiences: only('Paused') } })
  t.strictSame((await getMetadata(app, '?status=Active,%20Paused')).json(), { metadata: { count: 2, experiences: only('Active') } }, 'no trimming')
})

t.test('an empty status lists everything; a repeated status joins the lists', async (t) => {
  const app = await demoServer(t)
  t.equal((await getMetadata(app, '?status=')).json().metadata.count, 4)
  t.strictSame((await getMetadata(app, '?status=Paused&status=Scheduled')).json(), { metadata: { count: 2, experiences: only('Paused', 'Scheduled') } })
})
