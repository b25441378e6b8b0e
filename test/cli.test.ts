// The CLI as a user runs it: a real process, a real socket, the printed curl pasted into a shell.
// Runs the built entry point (dist/), which `npm test` builds first.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { main, run, start } from './helpers/cli.js'

t.before(() => {
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it first)')
})

const hasCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0

t.test('serve prints the address, the demo credentials and a curl that returns homepage-banner', { skip: hasCurl ? false : 'curl is not installed' }, async (t) => {
  const server = start(['serve', '--port', '0'])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const banner = await server.banner
  const lines = banner.split('\n')
  t.match(lines[0], /^listening on http:\/\/127\.0\.0\.1:\d+\/v1$/)
  t.match(banner, 'fixtures: embedded demo workspace (fixtures/demo.json)')
  t.match(banner, 'workspace DEMO_WORKSPACE  personalize api key demo-personalize-key')
  const curl = lines.slice(lines.indexOf('try:') + 1).join('\n')
  const result = await run('sh', ['-c', curl])
  t.equal(result.code, 0, result.stderr)
  const body = JSON.parse(result.stdout)
  t.ok(body.experiences['homepage-banner'], 'the pasted curl returns homepage-banner')
  t.match(body.experiences['homepage-banner'].experience_context, { audience_name: 'All Users', type: 'Web Personalization' })
})

t.test('SIGTERM closes the server cleanly with exit code 0', async (t) => {
  const server = start(['--port', '0'])
  await server.banner
  server.child.kill('SIGTERM')
  t.equal(await server.exit, 0)
})

t.test('SIGINT closes the server cleanly with exit code 0', async (t) => {
  const server = start(['--port', '0'])
  await server.banner
  server.child.kill('SIGINT')
  t.equal(await server.exit, 0)
})

t.test('a bad fixture file stops start-up with exit 1, naming the file, the pointer and the problem', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-cli-'))
  const file = path.join(dir, 'bad.json')
  writeFileSync(file, JSON.stringify({ workspaces: [{ id: 'W', personalize_api_key: 'k', experiences: [{ key: 'abc', name: 'Valid name', status: 'Active', audiences: [] }] }] }))
  const result = await run(process.execPath, [main, '--port', '0', '--fixtures', file])
  t.equal(result.code, 1)
  t.match(result.stderr, `${file}: /workspaces/0/experiences/0/key: must NOT have fewer than 5 characters`)
  t.match(result.stderr, `${file}: /workspaces/0/experiences/0/audiences: must NOT have fewer than 1 items`)
  t.equal(result.stdout, '', 'nothing claims to listen')
})

t.test('--fixtures serves the given file on --host, and fixture warnings go to stderr', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-cli-'))
  const file = path.join(dir, 'many.json')
  const experiences = Array.from({ length: 21 }, (_, i) => ({
    key: `experience-${i}`, name: `Experience ${i}`, status: 'Active',
    audiences: [{ id: 'A1', name: 'All Users', all_users: true, variations: [{ weight: 100, payload: { N: { value: i, data_type: 'number' } } }] }]
  }))
  writeFileSync(file, JSON.stringify({ workspaces: [{ id: 'MY_WS', personalize_api_key: 'my-key', experiences }] }))
  const server = start(['--port', '0', '--host', '127.0.0.1', '--fixtures', file])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const banner = await server.banner
  t.match(banner, `fixtures: ${file}`)
  t.match(banner, 'workspace MY_WS  personalize api key my-key  (21 experiences)')
  t.match(server.stderr(), `warning: ${file}: /workspaces/0/experiences: 21 Active experiences`)
  const base = /^listening on (\S+)$/m.exec(banner)?.[1] ?? ''
  const res = await fetch(`${base}/experiences/fetch`, {
    method: 'POST',
    headers: { 'MOE-APPKEY': 'MY_WS', Authorization: 'Basic ' + Buffer.from('MY_WS:my-key').toString('base64') },
    body: JSON.stringify({ experience_key: ['experience-20'] })
  })
  t.equal(res.status, 200)
  t.strictSame((await res.json() as { experiences: Record<string, { payload: unknown }> }).experiences['experience-20']?.payload, { N: { value: '20', data_type: 'number' } })
})

t.test('a port already in use is a clear error with exit 1', async (t) => {
  const first = start(['--port', '0'])
  t.teardown(() => { first.child.kill('SIGKILL') })
  const port = /:(\d+)\/v1/.exec(await first.banner)?.[1] ?? ''
  const result = await run(process.execPath, [main, '--port', port])
  t.equal(result.code, 1)
  t.match(result.stderr, /EADDRINUSE/)
})

t.test('usage errors exit 2 with the usage text; --help exits 0', async (t) => {
  for (const args of [['launch'], ['--port', 'eighty'], ['--port', '70000'], ['--nope'], ['serve', 'extra']]) {
    const result = await run(process.execPath, [main, ...args])
    t.equal(result.code, 2, args.join(' '))
    t.match(result.stderr, 'Usage:\n  personalize-mock [serve]', args.join(' '))
  }
  const help = await run(process.execPath, [main, '--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, 'Usage:\n  personalize-mock [serve]')
  t.match(help.stdout, 'personalize-mock contract [--target mock|live]')
})
