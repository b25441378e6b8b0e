// Meta-tests over schemas/: every document is draft-07, identified by its file name, and compiles strictly.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { validatorFor } from '../src/validation/registry.js'
import { schemaDocuments } from '../src/generated/schemas.js'
import { patternsReachableFrom } from './helpers/schemas.js'

const dir = fileURLToPath(new URL('../schemas/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()

t.test('every schema file is draft-07 with its file name as $id', async (t) => {
  for (const file of files) {
    const doc = JSON.parse(readFileSync(dir + file, 'utf8'))
    t.equal(doc.$schema, 'http://json-schema.org/draft-07/schema#', file)
    t.equal(doc.$id, file, file)
  }
})

t.test('every schema file is embedded and has a validator compiled at build time (in strict mode)', async (t) => {
  t.strictSame(Object.keys(schemaDocuments).sort(), files)
  for (const file of files) t.type(validatorFor(file as never), 'function', file)
  t.type(validatorFor('admin.schema.json#/definitions/FaultRequest'), 'function', 'definitions of documents without a root shape')
  t.throws(() => validatorFor('nope.schema.json' as never), /unknown schema/)
})

t.test('the request schemas hold the vendor limits', async (t) => {
  const events = validatorFor('events-request.schema.json')
  const element = { customer_id: 'c', actions: [{ action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: '8a1f0a52-1c1e-4c1e-9b7e-0d1e2f3a4b5c', event_time: 1, attributes: { cid: 'c', experience: 'e', moe_locale_id: '0', moe_variation_id: '1', audience_name: 'a', audience_id: '1' } }] }
  t.ok(events({ elements: Array(100).fill(element) }), '100 elements')
  t.notOk(events({ elements: Array(101).fill(element) }), '101 elements')
  const fixture = validatorFor('fixtures.schema.json')
  const exp = (key: string, name = 'Valid name') => ({ workspaces: [{ id: 'W', personalize_api_key: 'k', experiences: [{ key, name, status: 'Active', audiences: [{ id: '1', name: 'All', all_users: true, variations: [{ weight: 100, payload: {} }] }] }] }] })
  t.ok(fixture(exp('k'.repeat(5))), 'key of 5')
  t.notOk(fixture(exp('k'.repeat(4))), 'key of 4')
  t.ok(fixture(exp('k'.repeat(50))), 'key of 50')
  t.notOk(fixture(exp('k'.repeat(51))), 'key of 51')
  t.notOk(fixture(exp('valid-key', 'Shrt')), 'name of 4')
  t.notOk(fixture(exp('valid-key', 'n'.repeat(257))), 'name of 257')
})

t.test('every pattern a fixture file can meet says in words what it asks for (x-pattern-description)', async (t) => {
  const patterns = patternsReachableFrom('fixtures.schema.json')
  t.ok(patterns.length >= 7, `${patterns.length} patterns found`)
  for (const { at, schema } of patterns) {
    const words = schema['x-pattern-description']
    t.ok(typeof words === 'string' && words.length > 0, `${at} has words`)
  }
})
