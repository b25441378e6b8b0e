#!/usr/bin/env node
// Writes the generated parts of docs/cli.md (the synopsis and the option tables) from the CLI's option table
// (src/cli/options.ts). Run through tsx, which loads the TypeScript: `npm run generate:cli`.
// Usage: node --import tsx scripts/generate-cli-docs.mjs          rewrite docs/cli.md
//        node --import tsx scripts/generate-cli-docs.mjs --check  exit 1 when docs/cli.md is out of step
import { readFile, writeFile } from 'node:fs/promises'
import { updateCliDoc } from '../src/cli/cli-doc.ts'

const file = new URL('../docs/cli.md', import.meta.url)
const text = await readFile(file, 'utf8')
const updated = updateCliDoc(text)
if (process.argv.includes('--check')) {
  if (updated !== text) {
    console.error('docs/cli.md is out of step with src/cli/options.ts: run `npm run generate:cli`')
    process.exitCode = 1
  }
} else if (updated !== text) {
  await writeFile(file, updated)
  console.log('docs/cli.md updated')
}
