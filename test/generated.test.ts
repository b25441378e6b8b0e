// One source of truth: src/generated/ must be exactly what `npm run generate` makes from schemas/.
import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

t.test('the committed generated types and schema data match a fresh generation', async (t) => {
  const result = await promisify(execFile)(process.execPath, ['scripts/generate.mjs', '--check'], { cwd: root })
    .then(() => ({ code: 0, stderr: '' }), (err: { code: number, stderr: string }) => err)
  t.equal(result.code, 0, result.stderr || 'generated files are current')
})
