#!/usr/bin/env node
// Bundles the debugging page (src/ui/browser/main.ts and everything it imports) into dist/ui/app.js with esbuild,
// and copies the page and its style beside it. The server inlines all three into one document at /__ui.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'dist', 'ui')
mkdirSync(out, { recursive: true })
await build({
  entryPoints: [path.join(root, 'src', 'ui', 'browser', 'main.ts')],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning'
})
for (const asset of ['index.html', 'style.css']) copyFileSync(path.join(root, 'src', 'ui', 'assets', asset), path.join(out, asset))
const sizes = ['app.js', 'style.css', 'index.html'].map((f) => {
  const bytes = statSync(path.join(out, f)).size
  return `${f} ${(bytes / 1024).toFixed(1)} KiB (${(gzipSync(readFileSync(path.join(out, f))).length / 1024).toFixed(1)} KiB gzip)`
})
console.log(`ui: ${sizes.join(', ')}`)
