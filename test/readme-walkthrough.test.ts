// Doc test: every call in the guide's walkthrough (docs/guide.md) gets the answer the guide says.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { authHeaders, demoServer } from './helpers/server.js'
import { DEFAULT_HOST, DEFAULT_PORT } from '../src/cli/args.js'

const guide = readFileSync(new URL('../docs/guide.md', import.meta.url), 'utf8')
const start = guide.indexOf('## Walkthrough')
const section = guide.slice(start, guide.indexOf('\n## ', start + 1))
const lines = section.split('\n')

interface Call { helper: 'pfetch' | 'pexplain', body: string, expect: string }
const calls: Call[] = []
lines.forEach((line, i) => {
  const m = /^(pfetch|pexplain) '(.*)'$/.exec(line)
  const next = lines[i + 1] ?? ''
  if (m !== null) calls.push({ helper: m[1] as Call['helper'], body: m[2] ?? '', expect: next.replace(/^# -> /, '') })
})

t.test('the walkthrough has 5 or more calls, each with its expected answer', async (t) => {
  t.ok(calls.length >= 5, `${calls.length} calls`)
  t.ok(calls.every((c) => lines.includes(`# -> ${c.expect}`)))
})

t.test('the shell helpers point at the default address, with the demo credentials', async (t) => {
  t.match(section, `curl -s http://${DEFAULT_HOST}:${DEFAULT_PORT}/v1/experiences/fetch -u DEMO_WORKSPACE:demo-personalize-key`)
  t.match(section, `curl -s http://${DEFAULT_HOST}:${DEFAULT_PORT}/__mock/explain -u DEMO_WORKSPACE:demo-personalize-key`)
})

for (const call of calls) {
  t.test(`${call.helper} ${call.body} -> ${call.expect}`, async (t) => {
    const app = await demoServer(t)
    const url = call.helper === 'pfetch' ? '/v1/experiences/fetch' : '/__mock/explain'
    const res = await app.inject({ method: 'POST', url, headers: authHeaders(), payload: call.body })
    t.equal(res.statusCode, 200)
    const body = res.json()
    const served = /^(\S+) from audience "(.+)": (\w+) = "(.*)"$/.exec(call.expect)
    const notServed = /^(\S+) not served: (\w+)$/.exec(call.expect)
    if (call.expect === 'nothing served') {
      t.strictSame(body, { experiences: {} })
    } else if (served !== null) {
      const [, key = '', audienceName, variable = '', value] = served
      t.strictSame(Object.keys(body.experiences), [key])
      t.equal(body.experiences[key].experience_context.audience_name, audienceName)
      t.equal(body.experiences[key].payload[variable]?.value, value)
    } else if (notServed !== null) {
      const [, key, reason] = notServed
      t.match(body.experiences.find((e: { key: string }) => e.key === key), { served: false, reason })
    } else {
      t.fail(`cannot read the expectation "${call.expect}"`)
    }
  })
}
