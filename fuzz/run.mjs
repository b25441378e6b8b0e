#!/usr/bin/env node
// npm run fuzz -- [--runs 100000] [--seed 20261129]: the fuzz harness, longer. Prints the counts; exit 1 on a violation.
import { parseArgs } from 'node:util'
import { fuzz } from './harness.mjs'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string', default: '20261129' } } })
const started = performance.now()
const { counts, violations } = await fuzz({ runs: Number(values.runs), seed: Number(values.seed) })
console.log(JSON.stringify({ seed: Number(values.seed), seconds: Math.round((performance.now() - started) / 100) / 10, ...counts }, null, 2))
for (const v of violations) console.log('VIOLATION', JSON.stringify(v))
process.exitCode = violations.length === 0 && counts.healthyAfter && counts.prototypeClean ? 0 : 1
