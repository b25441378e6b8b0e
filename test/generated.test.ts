// One source of truth: src/generated/ must be exactly what `npm run generate` makes from schemas/.
import t from 'tap'
import { run } from './helpers/cli.js'

t.test('the committed generated types and schema data match a fresh generation', async (t) => {
  const result = await run(process.execPath, ['scripts/generate.mjs', '--check'])
  t.equal(result.code, 0, result.stderr || 'generated files are current')
})
