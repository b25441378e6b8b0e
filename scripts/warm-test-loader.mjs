#!/usr/bin/env node
// node --import=tsx scripts/warm-test-loader.mjs: loads every module of src/ once through tsx, so tsx's transform
// cache holds them before tap starts its test processes. tsx keys that cache by the file's path too, so in a fresh
// checkout (as in CI) each of some 60 test processes would otherwise transform the same modules itself: the first
// `npm test` after a clone took about twice as long as the next. `npm test` runs this beside the build. Loading a
// module of src/ only defines things, except the CLI's entry point, which is left out (and so are the test helpers:
// some register tests when loaded).
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const SKIP = [path.join('src', 'ui', 'browser'), path.join('src', 'cli', 'main.ts')]

function modules (dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name)
    if (SKIP.includes(rel)) return []
    if (entry.isDirectory()) return modules(rel)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : []
  })
}

const files = modules('src')
for (const file of files) await import(pathToFileURL(path.join(root, file)).href)
console.log(`${files.length} modules loaded through tsx`)
