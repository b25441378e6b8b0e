// The README's examples are real files (examples/), run here with their own runners against the built
// package (imported by its own name), and quoted in the README verbatim.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { root, run } from './helpers/cli.js'

const readme = readFileSync(`${root}/README.md`, 'utf8')

for (const [file, args] of [['examples/tap.test.mjs', ['examples/tap.test.mjs']], ['examples/node-test.test.mjs', ['--test', 'examples/node-test.test.mjs']]] as const) {
  t.test(`${file} passes and is quoted in the README`, async (t) => {
    const res = await run(process.execPath, [...args])
    t.equal(res.code, 0, res.stdout.slice(-2000) + res.stderr.slice(-2000))
    t.match(res.stdout, /# pass [1-9]|# \{ total: \d+, pass: \d+ \}|^ok \d+/m)
    t.ok(readme.includes(readFileSync(`${root}/${file}`, 'utf8').trim()), 'the README quotes the file as it is')
  })
}
