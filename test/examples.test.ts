// The documented examples are real files (examples/), run here with their own runners against the built
// package (imported by its own name), and quoted verbatim: both in docs/testing.md, the node:test one in the README.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { root, run } from './helpers/cli.js'

const readme = readFileSync(`${root}/README.md`, 'utf8')
const testing = readFileSync(`${root}/docs/testing.md`, 'utf8')

// Both run at once, each in its own process: neither waits for the other to start.
const runs = ([['examples/tap.test.mjs', ['examples/tap.test.mjs']], ['examples/node-test.test.mjs', ['--test', 'examples/node-test.test.mjs']]] as const)
  .map(([file, args]) => [file, run(process.execPath, [...args])] as const)

for (const [file, ran] of runs) {
  t.test(`${file} passes and is quoted in the docs as it is`, async (t) => {
    const res = await ran
    t.equal(res.code, 0, res.stdout.slice(-2000) + res.stderr.slice(-2000))
    t.match(res.stdout, /# pass [1-9]|# \{ total: \d+, pass: \d+ \}|^ok \d+/m)
    const text = readFileSync(`${root}/${file}`, 'utf8').trim()
    t.ok(testing.includes(text), 'docs/testing.md quotes the file as it is')
    if (file === 'examples/node-test.test.mjs') t.ok(readme.includes(text), 'the README quotes the file as it is')
  })
}
