// `personalize-mock serve` and the command line's errors: in-process through run(), and once in a real process,
// as a user runs it (a real socket, the printed curl pasted into a shell, a signal).
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { baseUrlOf, cli, cliInProcess, main, run, serving, start, startInProcess } from './helpers/cli.js'
import { basic } from './helpers/server.js'
import { usage } from '../src/cli/usage.js'

const hasCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0

t.test('in a process on a terminal: serve starts, and logs each request through pino-pretty', async (t) => {
  // stdout is a terminal, so the logger runs pino's pretty transport in a worker thread, which the bundled command
  // must be able to start.
  const server = start(['serve', '--port', '0', '--log-level', 'info'], /-d '.*'\r?\n/, { terminal: true })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const banner = await server.banner
  const res = await fetch(`${baseUrlOf(banner.replace(/\r/g, ''))}/experiences/metadata`, { headers: { 'moe-appkey': 'DEMO_WORKSPACE', authorization: basic('DEMO_WORKSPACE', 'demo-personalize-key') } })
  t.equal(res.status, 200)
  await server.until((stdout) => /INFO.*request completed/.test(stdout))
  t.pass('a pretty log line for the request')
  server.child.kill('SIGTERM')
  await server.exit
  t.notMatch(server.stdout(), /is not defined|Error:/, 'no error on the way')
})

t.test('in a process: serve prints the address, the page, the demo credentials and a curl that returns homepage-banner; SIGTERM exits 0', async (t) => {
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it first)')
  const server = start(['serve', '--port', '0'])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const banner = await server.banner
  const lines = banner.split('\n')
  t.match(lines[0], /^listening on http:\/\/127\.0\.0\.1:\d+\/v1$/)
  const page = /^debugging page: (http:\/\/127\.0\.0\.1:\d+\/__ui)$/.exec(lines[1] ?? '')?.[1]
  t.equal(page, baseUrlOf(banner).replace(/\/v1$/, '/__ui'), 'the page is on the same port')
  const opened = await fetch(page ?? '')
  t.equal(opened.status, 200, 'the page printed opens')
  t.match(opened.headers.get('content-type'), /^text\/html/)
  t.match(banner, 'fixtures: embedded demo workspace (fixtures/demo.json)')
  t.match(banner, 'workspace DEMO_WORKSPACE  personalize api key demo-personalize-key')
  if (hasCurl) {
    const curl = lines.slice(lines.indexOf('try:') + 1).join('\n')
    const result = await run('sh', ['-c', curl])
    t.equal(result.code, 0, result.stderr)
    const body = JSON.parse(result.stdout)
    t.ok(body.experiences['homepage-banner'], 'the pasted curl returns homepage-banner')
    t.match(body.experiences['homepage-banner'].experience_context, { audience_name: 'All Users', type: 'Web Personalization' })
  } else {
    t.comment('curl is not installed: the pasted curl is not tried')
  }
  server.child.kill('SIGTERM')
  t.equal(await server.exit, 0)
  t.match(server.stderr(), 'SIGTERM: closing, letting the requests in flight finish')
})

t.test('in a process: a usage error is two lines on stderr and exit 2', async (t) => {
  const result = await cli(['serve', '--prot', '4011'])
  t.equal(result.code, 2)
  t.equal(result.stderr, 'personalize-mock: unknown option --prot; did you mean --port?\nrun with --help for usage\n')
  t.equal(result.stdout, '')
})

for (const signal of ['SIGTERM', 'SIGINT']) {
  t.test(`${signal} closes the server cleanly with exit code 0`, async (t) => {
    const server = startInProcess(['--port', '0'])
    const base = baseUrlOf(await server.banner)
    t.equal(await server.stop(signal), 0)
    t.equal(server.stderr(), `${signal}: closing, letting the requests in flight finish\n`)
    await t.rejects(fetch(`${base}/experiences/fetch`, { method: 'POST' }), 'the port is closed')
  })
}

t.test('a second signal exits at once with 1', async (t) => {
  const server = startInProcess(['--port', '0'])
  await server.banner
  void server.stop('SIGINT')
  t.equal(await server.stop('SIGINT'), 1)
  t.match(server.stderr(), 'SIGINT: closing, letting the requests in flight finish\nSIGINT again: exiting without waiting\n')
})

t.test('a bad fixture file stops start-up with exit 1, naming the file, the pointer and the problem', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-cli-'))
  const file = path.join(dir, 'bad.json')
  writeFileSync(file, JSON.stringify({ workspaces: [{ id: 'W', personalize_api_key: 'k', experiences: [{ key: 'abc', name: 'Valid name', status: 'Active', audiences: [] }] }] }))
  const result = await cliInProcess(['--port', '0', '--fixtures', file])
  t.equal(result.code, 1)
  t.match(result.stderr, `${file}: /workspaces/0/experiences/0/key: must NOT have fewer than 5 characters`)
  t.match(result.stderr, `${file}: /workspaces/0/experiences/0/audiences: must NOT have fewer than 1 items`)
  t.equal(result.stdout, '', 'nothing claims to listen')
})

t.test('--fixtures serves the given file on --host, and fixture warnings go to stderr', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-cli-'))
  const file = path.join(dir, 'many.json')
  const experiences = Array.from({ length: 21 }, (_, i) => ({
    key: `experience-${i}`,
    name: `Experience ${i}`,
    status: 'Active',
    audiences: [{ id: 'A1', name: 'All Users', all_users: true, variations: [{ weight: 100, payload: { N: { value: i, data_type: 'number' } } }] }]
  }))
  writeFileSync(file, JSON.stringify({ workspaces: [{ id: 'MY_WS', personalize_api_key: 'my-key', experiences }] }))
  const server = serving(t, ['--port', '0', '--host', '127.0.0.1', '--fixtures', file])
  const banner = await server.banner
  t.match(banner, `fixtures: ${file}`)
  t.match(banner, 'workspace MY_WS  personalize api key my-key  (21 experiences)')
  t.match(server.stderr(), `warning: ${file}: /workspaces/0/experiences: 21 Active experiences`)
  const res = await fetch(`${baseUrlOf(banner)}/experiences/fetch`, {
    method: 'POST',
    headers: { 'MOE-APPKEY': 'MY_WS', Authorization: 'Basic ' + Buffer.from('MY_WS:my-key').toString('base64') },
    body: JSON.stringify({ experience_key: ['experience-20'] })
  })
  t.equal(res.status, 200)
  t.strictSame((await res.json() as { experiences: Record<string, { payload: unknown }> }).experiences['experience-20']?.payload, { N: { value: '20', data_type: 'number' } })
})

t.test('a port already in use is one line naming it and suggesting --port 0, exit 1', async (t) => {
  const first = serving(t, ['--port', '0'])
  const port = new URL(baseUrlOf(await first.banner)).port
  const result = await cliInProcess(['--port', port])
  t.equal(result.code, 1)
  t.equal(result.stderr, `personalize-mock: port ${port} is in use on 127.0.0.1; choose another with --port, or --port 0 for any free port\n`)
  t.equal(result.stdout, '')
})

t.test('usage errors are one line and where to find the usage, exit 2; --help prints the usage, exit 0', async (t) => {
  for (const args of [['launch'], ['--port', 'eighty'], ['--port', '70000'], ['--nope'], ['serve', 'extra']]) {
    const result = await cliInProcess(args)
    t.equal(result.code, 2, args.join(' '))
    t.match(result.stderr, /^personalize-mock: [^\n]+\nrun with --help for usage\n$/, args.join(' '))
    t.equal(result.stdout, '', args.join(' '))
  }
  for (const args of [['--help'], ['-h'], ['help']]) {
    const help = await cliInProcess(args)
    t.equal(help.code, 0, args.join(' '))
    t.equal(help.stdout, `${usage()}\n`, args.join(' '))
    t.match(help.stdout, 'Usage:\n  personalize-mock [serve]')
    t.match(help.stdout, 'personalize-mock contract [--target mock|live]')
  }
  for (const args of [['contract', '--help'], ['help', 'contract']]) {
    const help = await cliInProcess(args)
    t.equal(help.code, 0, args.join(' '))
    t.equal(help.stdout, `${usage('contract')}\n`, `${args.join(' ')}: contract's usage alone`)
  }
})
