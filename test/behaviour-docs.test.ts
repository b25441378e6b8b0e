// One source for the behaviour catalogue: the fidelity table (docs/fidelity.md) names every switch (in a "choice"
// row, with its values), the README's summary names them all, docs/behaviour.md lists each with its values, default and source as the schema has them, and
// the cases it names are the ones that observe it.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { BEHAVIOUR_CATALOGUE } from '../src/fixtures/behaviour.js'
import { runContracts } from '../src/contracts/runner.js'
import { startMockTarget } from '../src/cli/contract.js'
import type { ContractProfile } from '../src/generated/types.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const fidelity = readFileSync(new URL('../docs/fidelity.md', import.meta.url), 'utf8')
const doc = readFileSync(new URL('../docs/behaviour.md', import.meta.url), 'utf8')
const profile = JSON.parse(readFileSync(new URL('../fixtures/demo-profile.json', import.meta.url), 'utf8')) as ContractProfile
const names = BEHAVIOUR_CATALOGUE.map((s) => s.name)

/** The rows of the first table after a heading. */
function tableRows (text: string, heading: string): string[][] {
  const start = text.indexOf(heading)
  if (start < 0) throw new Error(`no heading ${heading}`)
  const lines = text.slice(start).split('\n').slice(1)
  const first = lines.findIndex((l) => l.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim()))
  }
  return rows
}

t.test('every switch is named by a "choice" row of the fidelity table, with its values; no row names another', async (t) => {
  const rows = tableRows(fidelity, '# Fidelity')
  const named = new Map<string, string>()
  for (const row of rows) {
    const text = row.join(' | ')
    for (const [, name] of text.matchAll(/switch `(\w+)`/g)) named.set(name as string, text)
  }
  t.strictSame([...named.keys()].sort(), [...names].sort(), 'the switches the table names are the catalogue\'s')
  for (const s of BEHAVIOUR_CATALOGUE) {
    const row = named.get(s.name) ?? ''
    t.match(row.split(' | ').at(-1), /choice/, `${s.name}: a choice row`)
    for (const v of s.values) t.ok(row.includes(`\`${v}\``), `${s.name}: the row says what \`${v}\` does`)
  }
})

t.test('the README\'s fidelity summary names every switch of the catalogue, and no other', async (t) => {
  const row = tableRows(readme, '## Fidelity').find((r) => r[0] === 'Undocumented behaviour') ?? []
  const named = [...(row[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1])
  t.strictSame(named, names, 'the summary row lists the switches in the schema\'s order')
})

t.test('docs/behaviour.md lists each switch with the values, default and source the schema gives, and the cases that observe it', async (t) => {
  const rows = tableRows(doc, '## The catalogue')
  t.strictSame(rows.map((r) => r[0]), names.map((n) => `\`${n}\``), 'one row per switch, in the schema\'s order')
  const target = await startMockTarget(undefined, profile)
  t.teardown(() => target.app.close())
  const report = await runContracts(target.target)
  for (const s of BEHAVIOUR_CATALOGUE) {
    const row = rows.find((r) => r[0] === `\`${s.name}\``) ?? []
    t.equal(row[1], s.values.map((v) => `\`${v}\``).join(', '), `${s.name}: values`)
    t.equal(row[2], `\`${s.default}\``, `${s.name}: default`)
    t.equal(row[3], s.defaultSource, `${s.name}: default source`)
    const observers = report.cases.filter((c) => c.observations?.some((o) => o.switch === s.name)).map((c) => `\`${c.id}\``)
    t.equal(row[4]?.replace(/ \(writes\)/g, ''), observers.join(', '), `${s.name}: the cases that observe it`)
  }
})
