#!/usr/bin/env node
// Bundles the `personalize-mock` command (src/cli/main.ts, everything it imports and the packages they use) into
// one file, dist/cli/main.js, in place of the one tsc emits. Node finding and reading some 300 files (ours,
// Fastify's, Ajv's) was most of what the command spent before its first answer; one file takes a fraction of it
// (BENCHMARKS.md, start-up). The library (dist/index.js) is not bundled: it imports its dependencies as usual.
// Packages loaded on demand through createRequire (jsonc-parser, luxon, bowser, Ajv's runtime helpers) stay
// outside and load from node_modules when first used, and so does pino: its transports (pino-pretty on a
// terminal) run in worker threads started from pino's own files, which a bundle does not have. The bundled
// packages, each with its licence text, are listed in dist/cli/THIRD-PARTY-LICENSES.txt.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'dist', 'cli')

const { metafile } = await build({
  entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
  outfile: path.join(out, 'main.js'),
  absWorkingDir: root,
  allowOverwrite: true,
  external: ['pino'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundled CommonJS packages call require(); an ES module has none, so the bundle makes one.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'\nconst require = createRequireForBundle(import.meta.url)" },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning'
})

/** The package directories (node_modules/NAME or node_modules/@SCOPE/NAME) of the bundled inputs. */
const packages = new Set()
for (const input of Object.keys(metafile.inputs)) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
  if (m !== null) packages.add(m[1])
}
const seen = new Set()
const notices = [...packages].sort().flatMap((dir) => {
  const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'))
  // The same version installed at two places is one package.
  if (seen.has(`${pkg.name}@${pkg.version}`)) return []
  seen.add(`${pkg.name}@${pkg.version}`)
  const file = readdirSync(path.join(root, dir)).find((name) => /^(licen[cs]e|copying)([.-]|$)/i.test(name))
  const text = file === undefined ? `(no licence file; package.json says ${pkg.license})` : readFileSync(path.join(root, dir, file), 'utf8').trim()
  return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}\n`
})
writeFileSync(path.join(out, 'THIRD-PARTY-LICENSES.txt'),
  `The personalize-mock command (dist/cli/main.js) bundles these packages:\n\n${notices.join('\n' + '-'.repeat(80) + '\n\n')}`)
