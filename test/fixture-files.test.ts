// Meta-test: every JSON file shipped in fixtures/ validates against the schema its $schema names, and
// every fixture file loads.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadFixtureFile } from '../src/fixtures/load.js'
import type { SchemaId } from '../src/generated/schemas.js'
import { violations } from './helpers/schemas.js'

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.json'))

t.test('fixtures/ holds the demo fixtures, their contract profile and the bucketing vectors', async (t) => {
  t.ok(['demo.json', 'demo-profile.json', 'bucketing-vectors.json'].every((f) => files.includes(f)))
})

for (const file of files) {
  const doc = JSON.parse(readFileSync(dir + file, 'utf8')) as { $schema?: string }
  const schema = path.basename(doc.$schema ?? '') as SchemaId
  t.test(`${file} validates against ${schema}`, async (t) => {
    t.match(doc.$schema, /^\.\.\/schemas\/[a-z-]+\.schema\.json$/, 'points its $schema at schemas/')
    t.strictSame(violations(schema, doc), [])
    if (schema === 'fixtures.schema.json') t.strictSame((await loadFixtureFile(dir + file)).warnings, [], 'loads without warnings')
  })
}

t.test('the demo workspace has the documented credentials and experiences', async (t) => {
  const demo = (await loadFixtureFile(dir + 'demo.json')).workspaces.get('DEMO_WORKSPACE')
  t.equal(demo?.apiKey, 'demo-personalize-key')
  const statusOf = (key: string) => demo?.experiencesByKey.get(key)?.status
  t.equal(statusOf('homepage-banner'), 'Active')
  t.ok(demo?.experiencesByKey.get('homepage-banner')?.audiences.every((a) => a.condition === undefined))
  t.ok(demo?.experiences.some((e) => e.status === 'Paused'))
  t.ok(demo?.experiences.some((e) => e.status === 'Scheduled'))
})
