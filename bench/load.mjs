#!/usr/bin/env node
// Fixture load only: the bench's 10,000-experience fixture (about 40 MB) loaded as the CLI loads it, with the
// time split by stage. Prints medians, never asserts.
//   npm run bench:load [-- --tries 5 --experiences 10000]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadFixtureFile } from '../dist/index.js'
import { loadOwnedFixtureDocument } from '../dist/fixtures/load.js'
import { parseFixtureText } from '../dist/fixtures/parse.js'
import { readCappedText } from '../dist/fixtures/read.js'
import { benchFixture } from './lib/fixture.mjs'

const { values } = parseArgs({ options: { tries: { type: 'string', default: '5' }, experiences: { type: 'string', default: '10000' } } })
const dir = mkdtempSync(path.join(tmpdir(), 'pm-bench-load-'))
const file = path.join(dir, 'fixture.json')
writeFileSync(file, JSON.stringify(benchFixture({ experiences: Number(values.experiences) })))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = async (fn) => { const t0 = performance.now(); const out = await fn(); return [performance.now() - t0, out] }

const stages = { read: [], 'JSON.parse': [], 'duplicate-key scan': [], 'validate + compile': [], 'loadFixtureFile (all)': [] }
try {
  for (let i = 0; i < Number(values.tries); i++) {
    const [read, text] = await time(() => readCappedText(file))
    const [parse] = await time(() => JSON.parse(text))
    const [parseAndScan, doc] = await time(() => parseFixtureText(text, file))
    const [compile] = await time(() => loadOwnedFixtureDocument(doc, file))
    const [all] = await time(() => loadFixtureFile(file))
    stages.read.push(read)
    stages['JSON.parse'].push(parse)
    stages['duplicate-key scan'].push(parseAndScan - parse)
    stages['validate + compile'].push(compile)
    stages['loadFixtureFile (all)'].push(all)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`fixture of ${values.experiences} experiences, median of ${values.tries} loads:`)
for (const [stage, ms] of Object.entries(stages)) console.log(`  ${stage.padEnd(24)} ${median(ms).toFixed(0).padStart(6)} ms`)
