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
