// SIGTERM under load: requests in flight finish, later ones get 503 in the envelope or find the port
// closed, no connection is cut mid-answer, and the process exits 0 within a bound.
import t from 'tap'
import { baseUrlOf, start } from './helpers/cli.js'

const AUTH = { 'MOE-APPKEY': 'DEMO_WORKSPACE', Authorization: 'Basic ' + Buffer.from('DEMO_WORKSPACE:demo-personalize-key').toString('base64') }

t.test('SIGTERM under load drains cleanly and exits 0', async (t) => {
  const server = start(['--port', '0', '--rate-limit', 'off'])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const base = baseUrlOf(await server.banner)
  const outcomes = new Map<string, number>()
  const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1)
  let running = true
  const workers = Array.from({ length: 20 }, async () => {
    while (running) {
      try {
        const res = await fetch(`${base}/experiences/fetch`, { method: 'POST', headers: AUTH, body: '{"experience_key":["homepage-banner"]}' })
        const body = await res.json() as { title?: string, experiences?: unknown }
        count(res.status === 200 && body.experiences !== undefined ? '200' : res.status === 503 && body.title === '503 Service Unavailable' ? '503 envelope' : `other ${res.status}`)
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code ?? String(err)
        count(code === 'ECONNREFUSED' ? 'refused' : `error ${code}`)
        if (code === 'ECONNREFUSED') break
      }
    }
  })
  await new Promise((resolve) => setTimeout(resolve, 500))
  const signalled = Date.now()
  server.child.kill('SIGTERM')
  const code = await server.exit
  const took = Date.now() - signalled
  running = false
  await Promise.all(workers)
  t.equal(code, 0, 'exit code 0')
  t.ok(took < 6000, `exited ${took} ms after SIGTERM`)
  t.ok((outcomes.get('200') ?? 0) > 100, `${outcomes.get('200') ?? 0} answered before and during the drain`)
  const unexpected = [...outcomes.keys()].filter((k) => !['200', '503 envelope', 'refused'].includes(k))
  t.strictSame(unexpected, [], `only answers, envelopes or a closed port: ${JSON.stringify(Object.fromEntries(outcomes))}`)
})
