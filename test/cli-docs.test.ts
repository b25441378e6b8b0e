// docs/cli.md's synopsis and option tables are generated from the option table (npm run generate:cli): they must be
// what a fresh generation gives. And every option the README and the docs name is one the CLI has.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { updateCliDoc } from '../src/cli/cli-doc.js'
import { OPTIONS } from '../src/cli/options.js'
import { root, run } from './helpers/cli.js'

const doc = readFileSync(`${root}/docs/cli.md`, 'utf8')

t.test('docs/cli.md is in step with the option table', async (t) => {
  t.equal(doc, updateCliDoc(doc), 'run `npm run generate:cli` and commit docs/cli.md')
})

t.test('the generator\'s --check passes on the committed file', async (t) => {
  const result = await run(process.execPath, ['--import', 'tsx', 'scripts/generate-cli-docs.mjs', '--check'])
  t.equal(result.code, 0, result.stderr || 'docs/cli.md is current')
})

t.test('a generated block without its markers is an error, not a silent skip', async (t) => {
  t.throws(() => updateCliDoc(doc.replace('<!-- /cli:options contract -->', '')), /no <!-- cli:options contract --> \.\.\. <!-- \/cli:options contract --> block/)
})

/** Flags of other tools the docs mention (node's, npm's, the fuzz and bench scripts'), and docs/cli.md's typo. */
const NOT_CLI = [
  '--test', '--import', '--expose-gc', '--seed', '--runs', '--quick', '--omit', '--max-semi-space-size', '--json', '--cpu-prof', '--prot',
  '--scenario', '--ceiling', '--trace-gc', '--single-threaded-gc', '--max-old-space-size', '--tries', '--optimize-for-size'
]

t.test('every --option the README and the docs name is an option of the CLI', async (t) => {
  const known = new Set(OPTIONS.map((o) => `--${o.name}`))
  const files = ['README.md', 'BENCHMARKS.md', ...readdirSync(`${root}/docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
  for (const file of files) {
    const text = readFileSync(`${root}/${file}`, 'utf8')
    const unknown = [...new Set(text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])].filter((flag) => !known.has(flag) && !NOT_CLI.includes(flag))
    t.strictSame(unknown, [], `${file} names only real options`)
  }
})

t.test('the README carries no option table of its own: it links docs/cli.md', async (t) => {
  const readme = readFileSync(`${root}/README.md`, 'utf8')
  t.notMatch(readme, /^\| `--/m)
  t.match(readme, '(docs/cli.md)')
})
