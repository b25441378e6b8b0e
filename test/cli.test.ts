// The CLI as a user runs it: a real process, a real socket, the printed curl pasted into a shell.
// Runs the built entry point (dist/), which `npm test` builds first.
import t from 'tap'
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const main = path.join(root, 'dist', 'cli', 'main.js')

function start (args: string[]): { child: ChildProcess, banner: Promise<string>, exit: Promise<number | null>, stderr: () => string } {
  const child = spawn(process.execPath, [main, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (/-d '.*'\n/.test(out)) resolve(out)
    })
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${err}`)))
  })
  return { child, banner, exit, stderr: () => err }
}

function run (file: string, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return promisify(execFile)(file, args, { cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))
}

t.before(() => {
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it first)')
})

t.test('serve prints the address, the demo credentials and a curl that returns homepage-banner', async (t) => {
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
    t.match(result.stderr, 'Usage: personalize-mock', args.join(' '))
  }
  const help = await run(process.execPath, [main, '--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, 'Usage: personalize-mock')
})
