// A key written twice in one object is refused wherever it is in a fixture file. Large files take a fast path
// (members counted in the text against keys in the parsed document) and only a file that has such a key is scanned
// for where it is; seeded random documents, written with keys twice on purpose and with quotes, backslashes and
// colons inside strings, check the fast path against a model.
import t from 'tap'
import fc from 'fast-check'
import { parseFixtureText } from '../src/fixtures/parse.js'
import { FixtureError } from '../src/fixtures/problems.js'

/** A JSON value whose objects are lists of entries, so a key can appear twice. */
type Value = string | number | null | Value[] | { entries: Array<[string, Value]> }

const awkward = fc.constantFrom('a', 'b', 'a:b', '"', '\\', '\\"', ':', '{"x":1}', 'é', '')
const leaf: fc.Arbitrary<Value> = fc.oneof(awkward, fc.integer(), fc.constant(null))
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.record({ entries: fc.array(fc.tuple(awkward, tie('value')), { maxLength: 5 }) }))
}))

/** JSON text, keys twice and all; whitespace around the colons, as people write. */
function write (v: Value): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`
  return `{${v.entries.map(([k, item]) => `${JSON.stringify(k)} :\n ${write(item)}`).join(', ')}}`
}

/** Whether some object writes a key twice: the model. */
function hasDuplicate (v: Value): boolean {
  if (v === null || typeof v !== 'object') return false
  if (Array.isArray(v)) return v.some(hasDuplicate)
  const keys = v.entries.map(([k]) => k)
  return new Set(keys).size < keys.length || v.entries.some(([, item]) => hasDuplicate(item))
}

t.test('a key written twice is refused wherever it is, and a document without one loads as JSON.parse reads it', async (t) => {
  const run = fc.check(fc.property(value, (v) => {
    const text = write(v)
    let refused: boolean
    try {
      const doc = parseFixtureText(text, 'f.json')
      refused = false
      if (JSON.stringify(doc) !== JSON.stringify(JSON.parse(text))) return false
    } catch (err) {
      if (!(err instanceof FixtureError) || !/appears twice|more keys appear twice/.test(err.problems[0]?.message ?? '')) throw err
      refused = true
    }
    return refused === hasDuplicate(v)
  }), { seed: 20261202, numRuns: 3000 })
  t.notOk(run.failed, run.failed ? `counterexample: ${write(run.counterexample?.[0] as Value)}` : 'no counterexample in 3,000 documents')
})

t.test('a key written twice deep in a large document is found, with its pointer', async (t) => {
  const experiences = Array.from({ length: 2000 }, (_, i) => `{"key":"e${i}","payload":{"Title":{"type":"string","value":"a:\\"b\\" ${i}"}}}`)
  experiences[1234] = '{"key":"e1234","payload":{"Title":{"type":"string","type":"string","value":"x"}}}'
  const err: unknown = (() => { try { return parseFixtureText(`{"workspaces":[{"experiences":[${experiences.join(',')}]}]}`, 'big.json') } catch (e) { return e } })()
  t.ok(err instanceof FixtureError)
  t.match((err as FixtureError).problems, [{ file: 'big.json', pointer: '/workspaces/0/experiences/1234/payload/Title/type', message: /^the key "type" appears twice in this object/ }])
})
