// Meta-test: every fixture file shipped in fixtures/ validates against the fixture schema and loads.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadFixtureFile } from '../src/fixtures/load.js'
import { violations } from './helpers/schemas.js'

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('vectors'))

t.test('fixtures/ holds at least the demo file', async (t) => {
  t.ok(files.includes('demo.json'))
})

for (const file of files) {
  t.test(`${file} validates against fixtures.schema.json and loads without warnings`, async (t) => {
    t.strictSame(violations('fixtures.schema.json', JSON.parse(readFileSync(dir + file, 'utf8'))), [])
    const fixtures = await loadFixtureFile(dir + file)
    t.strictSame(fixtures.warnings, [])
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
