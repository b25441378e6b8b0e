// Dependency hygiene: what ships with the package is permissively licensed, and each runtime dependency is
// one docs/reliability.md explains.
import t from 'tap'
import { readFileSync } from 'node:fs'

const read = (file: string): unknown => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))
const pkg = read('package.json') as { license: string, dependencies: Record<string, string> }
const lock = read('package-lock.json') as { packages: Record<string, { version?: string, license?: string, dev?: boolean }> }
const doc = readFileSync(new URL('../docs/reliability.md', import.meta.url), 'utf8')

/** Licences that let an MIT package be used anywhere, closed source included. */
const PERMISSIVE = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD'])

/** Every package installed for production (not dev), from the lockfile, with its licence. */
function shipped (): Array<{ name: string, version: string, license: string }> {
  return Object.entries(lock.packages)
    .filter(([where, p]) => where !== '' && p.dev !== true)
    .map(([where, p]) => ({ name: where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length), version: p.version ?? '', license: p.license ?? '(none)' }))
}

t.test('the package is MIT and every package it installs for production is permissively licensed', async (t) => {
  t.equal(pkg.license, 'MIT')
  const all = shipped()
  t.ok(all.length >= Object.keys(pkg.dependencies).length, `${all.length} production packages`)
  t.strictSame(all.filter((p) => !PERMISSIVE.has(p.license)).map((p) => `${p.name}@${p.version}: ${p.license}`), [])
})

t.test('every runtime dependency has a row in docs/reliability.md saying why it is there', async (t) => {
  const start = doc.indexOf('## Dependencies')
  t.ok(start > 0, 'docs/reliability.md has a Dependencies section')
  const section = doc.slice(start)
  const rows = new Set([...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]))
  t.strictSame([...Object.keys(pkg.dependencies)].filter((d) => !rows.has(d)), [], 'dependencies without a row')
  t.strictSame([...rows].filter((r) => r !== undefined && !Object.hasOwn(pkg.dependencies, r)), [], 'rows without a dependency')
})

t.test('the command\'s bundle names each package it holds, all shipped for production and permissively licensed', async (t) => {
  // `npm test` builds first: dist/cli/main.js is the bundle scripts/build-cli.mjs makes, and this its notice file.
  const notices = readFileSync(new URL('../dist/cli/THIRD-PARTY-LICENSES.txt', import.meta.url), 'utf8')
  const bundled = [...notices.matchAll(/^(\S+)@(\d\S*) \(([^)]+)\)$/gm)].map((m) => ({ name: m[1] ?? '', version: m[2] ?? '', license: m[3] ?? '' }))
  t.ok(bundled.some((p) => p.name === 'fastify'), 'Fastify is bundled and named')
  const production = new Set(shipped().map((p) => `${p.name}@${p.version}`))
  t.strictSame(bundled.filter((p) => !production.has(`${p.name}@${p.version}`)).map((p) => p.name), [], 'bundled but not a production package')
  t.strictSame(bundled.filter((p) => !PERMISSIVE.has(p.license)).map((p) => `${p.name}: ${p.license}`), [])
  const main = readFileSync(new URL('../dist/cli/main.js', import.meta.url), 'utf8')
  t.notMatch(main, /^import .* from ["']\.{1,2}\//m, 'one file: no module of its own is imported beside it')
  t.notMatch(main, /^import .* from ["']fastify["']/m, 'nor Fastify')
})
