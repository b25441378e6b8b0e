import t from 'tap'
import { readFileSync } from 'node:fs'
import type { FixtureFile } from '../src/generated/types.js'
import { demoServer, getMetadata } from './helpers/server.js'
import { violations } from './helpers/schemas.js'

// Expected entries come from the fixture file itself, in its order.
const demo = JSON.parse(readFileSync(new URL('../fixtures/demo.json', import.meta.url), 'utf8')) as FixtureFile
const ALL = demo.workspaces[0]!.experiences.map((e) => ({ experience_name: e.name, experience_key: e.key, status: e.status }))
const only = (...statuses: string[]) => ALL.filter((e) => statuses.includes(e.status))

t.test('the demo file has every status, so the filters below are meaningful', async (t) => {
  t.ok(only('Active').length >= 2 && only('Paused').length === 1 && only('Scheduled').length === 1)
})

t.test('without status, every experience is listed with its count', async (t) => {
  const app = await demoServer(t)
  const res = await getMetadata(app)
  t.equal(res.statusCode, 200)
  t.strictSame(violations('metadata-response.schema.json', res.json()), [])
  t.strictSame(res.json(), { metadata: { count: ALL.length, experiences: ALL } })
})

t.test('status filters by one value, and count is taken after filtering', async (t) => {
  const app = await demoServer(t)
  t.strictSame((await getMetadata(app, '?status=Active')).json(), { metadata: { count: only('Active').length, experiences: only('Active') } })
  t.strictSame((await getMetadata(app, '?status=Scheduled')).json(), { metadata: { count: 1, experiences: only('Scheduled') } })
})

t.test('status is a comma-separated list', async (t) => {
  const app = await demoServer(t)
  t.strictSame((await getMetadata(app, '?status=Paused,Scheduled')).json(), { metadata: { count: 2, experiences: only('Paused', 'Scheduled') } })
  t.strictSame((await getMetadata(app, '?status=Active%2CPaused')).json(), { metadata: { count: only('Active', 'Paused').length, experiences: only('Active', 'Paused') } })
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
  t.strictSame((await getMetadata(app, '?status=Active,%20Paused')).json(), { metadata: { count: only('Active').length, experiences: only('Active') } }, 'no trimming')
})

t.test('an empty status lists everything; a repeated status joins the lists', async (t) => {
  const app = await demoServer(t)
  t.equal((await getMetadata(app, '?status=')).json().metadata.count, ALL.length)
  t.strictSame((await getMetadata(app, '?status=Paused&status=Scheduled')).json(), { metadata: { count: 2, experiences: only('Paused', 'Scheduled') } })
})
