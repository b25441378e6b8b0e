// The public API is deliberate: api/public-api.md records every name the package exports, with its declaration,
// and this test fails when the built package (dist/, which `npm test` builds first) says something else.
// Plain JavaScript: scripts/api-report.mjs reads dist/index.d.ts with the TypeScript compiler API.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { apiReport, REPORT_FILE } from '../scripts/api-report.mjs'

const report = apiReport()

t.test('api/public-api.md is the public API of the built package', async (t) => {
  const committed = readFileSync(REPORT_FILE, 'utf8')
  if (committed === report) return t.pass('api/public-api.md is up to date')
  // The first line that differs, so the failure says where without dumping two thousand lines.
  const a = committed.split('\n'); const b = report.split('\n')
  const at = a.findIndex((line, i) => line !== b[i])
  const line = at === -1 ? a.length : at
  t.fail('public API changed: run npm run api and commit api/public-api.md', {
    line: line + 1, committed: a[line] ?? '(end of file)', built: b[line] ?? '(end of file)'
  })
})

t.test('the entry exports only what docs/api.md lists as public', async (t) => {
  const values = [...report.matchAll(/^\| `([^`]+)` \| (?:function|class|const|enum) \|$/gm)].map((m) => m[1])
  const doc = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8')
  t.strictSame(values.filter((name) => !doc.includes(`\`${name}\``)), [], 'runtime values docs/api.md does not name')
  const entry = await import('../dist/index.js')
  t.strictSame(Object.keys(entry).sort(), [...values].sort(), 'the report lists exactly the runtime exports')
})
