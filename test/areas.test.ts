// The test suite's layout. Each test file holds one behaviour; tap runs them grouped in areas (test/areas/*.ts),
// one process per area, because starting a test process (node, tsx's and tap's loaders, tap) costs about a
// second of CPU: 61 files in 61 processes spent more on start-up than on the tests. A file still runs alone with
// `npx tap test/NAME.test.ts`. A new test file goes into one area's import list; this test fails until it does,
// so no file is silently left out of `npm test`.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'

const testDir = new URL('./', import.meta.url)
const areaDir = new URL('./areas/', import.meta.url)

const testFiles = readdirSync(testDir).filter((name) => /\.test\.(ts|mjs)$/.test(name)).sort()
const areas = readdirSync(areaDir).filter((name) => name.endsWith('.ts')).sort()

/** The test files an area file imports, by file name (an import of `../x.test.js` runs `x.test.ts`). */
function importsOf (area: string): string[] {
  const text = readFileSync(new URL(area, areaDir), 'utf8')
  return [...text.matchAll(/^import '\.\.\/([^']+)'$/gm)].map((m) => (m[1] ?? '').replace(/\.js$/, '.ts'))
}

t.test('every test file runs in exactly one area', async (t) => {
  const owners = new Map<string, string[]>()
  for (const area of areas) {
    for (const file of importsOf(area)) owners.set(file, [...owners.get(file) ?? [], area])
  }
  t.strictSame(testFiles.filter((file) => owners.get(file)?.length !== 1).map((file) => `${file}: ${owners.get(file)?.join(', ') ?? 'in no area'}`), [])
  t.strictSame([...owners.keys()].filter((file) => !testFiles.includes(file)), [], 'no area imports a file that is not a test')
})

t.test('an area file holds only its test files\' imports, so nothing else shares the process', async (t) => {
  for (const area of areas) {
    const code = readFileSync(new URL(area, areaDir), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('//'))
    t.strictSame(code.filter((line) => !/^import '\.\.\/[^']+\.test\.(js|mjs)'$/.test(line)), [], area)
    t.ok(importsOf(area).length > 0, `${area} imports at least one test file`)
  }
})

t.test('tap runs the areas, not the files one by one', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { tap: { include: string[] } }
  t.strictSame(pkg.tap.include, ['test/areas/*.ts'])
})
