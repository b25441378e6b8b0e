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

/** Answers changed as a broken server would send them: `change` gives a new body, or undefined to keep it. */
const rewrite = (change) => ({ tamper: (res, sent) => ({ statusCode: res.statusCode, body: change(sent, res) ?? res.body }) })

t.test('the harness catches a server that breaks each property', async (t) => {
  const cases = {
    '5xx': { prepare: async (app) => { app.mock.faults.add({ route: 'fetch', status: 500, probability: 0.5 }) } },
    'error out of the envelope': rewrite((_sent, res) => res.statusCode === 401 ? '{"error":"unauthorized"}' : undefined),
    '2xx off its schema': rewrite((sent, res) => res.statusCode === 200 && sent.url === '/v1/experiences/fetch' ? '{"experiences":"gone"}' : undefined),
    'credential in a body': rewrite((sent, res) => res.statusCode === 400 ? JSON.stringify({ title: 'x', description: String(sent.headers.authorization) }) : undefined),
    'not JSON': rewrite((_sent, res) => res.statusCode === 400 ? 'oops' : undefined)
  }
  const expected = {
    '5xx': { status: 500, problem: /^5xx/ },
    'error out of the envelope': { status: 401, problem: /title/ },
    '2xx off its schema': { status: 200, route: 'fetch', problem: /experiences/ },
    'credential in a body': { status: 400, problem: /^a credential in the body/ },
    'not JSON': { status: 400, problem: /^not JSON/ }
  }
  for (const [name, broken] of Object.entries(cases)) {
    const { violations } = await fuzz({ runs: 200, seed: 7, untilViolation: true, ...broken })
    t.ok(violations.length > 0, `${name}: reported`)
    t.match(violations[0], expected[name], name)
  }
})

t.test('the harness catches a polluted Object.prototype', async (t) => {
  // The pollution is the point: the harness must notice it.
  // eslint-disable-next-line no-extend-native
  const { counts } = await fuzz({ runs: 20, seed: 7, ...rewrite(() => { Object.prototype.polluted = true }) })
  delete Object.prototype.polluted
  t.equal(counts.prototypeClean, false)
})
