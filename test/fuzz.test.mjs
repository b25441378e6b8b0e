// Seeded fuzzing in every test run (a few thousand cases; `npm run fuzz -- --runs 100000` for more).
// Plain JavaScript: the harness in fuzz/ runs against the built package, with or without tap.
import t from 'tap'
import { fuzz } from '../fuzz/harness.mjs'

t.test('2,000 mutated requests: no crash, no 5xx, every error in the envelope, every 2xx valid', async (t) => {
  const { counts, violations } = await fuzz({ runs: 2000, seed: 20261129 })
  t.comment(JSON.stringify(counts))
  t.strictSame(violations, [])
  t.equal(counts.cases, 2000)
  t.ok(counts.byStatus[200] > 50, 'valid requests are among them')
  t.ok(counts.byStatus[400] > 50 && counts.byStatus[401] > 50, 'and refused ones')
  t.ok(counts.healthyAfter, 'the server still answers')
  t.ok(counts.prototypeClean, 'Object.prototype untouched')
})

t.test('the harness catches a server that breaks the properties', async (t) => {
  const { violations } = await fuzz({
    runs: 200,
    seed: 7,
    prepare: async (app) => { app.mock.faults.add({ route: 'fetch', status: 500, probability: 0.5 }) }
  })
  t.ok(violations.length > 0, 'a 5xx is reported')
  t.match(violations[0], { route: 'fetch', status: 500, problem: /^5xx/ })
})
