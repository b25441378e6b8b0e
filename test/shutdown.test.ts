// Shutdown, proved by the order of events and never by how long they take: SIGTERM under load lets the requests
// in flight finish, refuses later ones (503 in the envelope, or a connection closed before any answer), cuts no
// connection mid-answer and exits 0; while draining, a request on an open connection gets 503 and the one in
// flight still gets its answer; drainAndClose() cuts what is left when its grace period is over on the clock (an
// injected one), not before; in a real process, a second signal exits at once.
import t from 'tap'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import { Agent, request, type ClientRequest, type IncomingHttpHeaders } from 'node:http'
import Fastify from 'fastify'
import { gracefulClose } from '../src/server/plugins/graceful-close.js'
import { baseUrlOf, start, startInProcess } from './helpers/cli.js'
import { authHeaders, demoServer } from './helpers/server.js'
import { violations } from './helpers/schemas.js'
import { said, until } from './helpers/wait.js'

/** What a request got: an answer read whole; none at all (refused, reset or closed before its first byte); or one cut off. */
type Outcome =
  | { kind: 'answer', status: number, headers: IncomingHttpHeaders, body: string }
  | { kind: 'none', code: string }
  | { kind: 'cut', status: number, code: string }

interface Init { method: string, headers?: Record<string, string>, agent: Agent | false }

/** Starts a request and leaves its body to the caller (req.end()). */
function open (url: string, init: Init): { req: ClientRequest, outcome: Promise<Outcome> } {
  const req = request(url, { method: init.method, headers: init.headers, agent: init.agent })
  const outcome = new Promise<Outcome>((resolve) => {
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'none', code: err.code ?? String(err) }))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'cut', status: res.statusCode ?? 0, code: err.code ?? String(err) }))
    })
  })
  return { req, outcome }
}

function send (url: string, init: Init, body?: string): Promise<Outcome> {
  const { req, outcome } = open(url, init)
  req.end(body)
  return outcome
}

const FETCH_BODY = '{"experience_key":["homepage-banner"]}'
const fetchInit = (agent: Agent | false): Init => ({ method: 'POST', headers: authHeaders(), agent })
const served = (o: Outcome): boolean => o.kind === 'answer' && o.status === 200 && JSON.parse(o.body).experiences?.['homepage-banner'] !== undefined
const shuttingDown = (o: Outcome): boolean => o.kind === 'answer' && o.status === 503 && JSON.parse(o.body).title === '503 Service Unavailable'

t.test('SIGTERM under load: the requests in flight are answered, later ones refused cleanly, nothing cut, exit 0', async (t) => {
  // serve in this process, the signal delivered as the process would deliver it (a real process: the last test).
  const server = startInProcess(['--port', '0', '--rate-limit', 'off'])
  let stopped = false
  t.teardown(() => stopped ? undefined : server.stop())
  const base = baseUrlOf(await server.banner)
  const root = base.replace(/\/v1$/, '')
  // Every fetch is held for two minutes, a hold that ends early once closing starts: those sent before the
  // signal are surely in flight at it, and answered only because closing began.
  const fault = await fetch(`${root}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"route":"fetch","delay_ms":120000}' })
  t.equal(fault.status, 201)
  const IN_FLIGHT = 20
  let signalled = false
  const inFlight = Array.from({ length: IN_FLIGHT }, () => send(`${base}/experiences/fetch`, fetchInit(false), FETCH_BODY).then((o) => ({ o, afterSignal: signalled })))
  // The server has each of them once it has applied the hold to it.
  await until(async () => (await (await fetch(`${root}/__admin/faults`)).json() as { faults: Array<{ applied: number }> }).faults[0]?.applied === IN_FLIGHT)
  // Idle keep-alive connections, each with an answer behind it: a request on one after the signal races the
  // server shutting it as idle, and must get a 503 or find it closed, never half an answer.
  const agents = Array.from({ length: 5 }, () => new Agent({ keepAlive: true, maxSockets: 1 }))
  t.teardown(() => { for (const a of agents) a.destroy() })
  for (const agent of agents) t.equal((await send(`${base}/experiences/metadata`, { method: 'GET', headers: authHeaders(), agent })).kind, 'answer')

  signalled = true
  stopped = true
  const exit = server.stop('SIGTERM')
  // The server says when it has begun closing; what the test sends after reading that must be refused.
  await server.until((_out, err) => err.includes('SIGTERM: closing'))
  const later = await Promise.all([
    ...agents.map((agent) => send(`${base}/experiences/fetch`, fetchInit(agent), FETCH_BODY)),
    ...Array.from({ length: 5 }, () => send(`${base}/experiences/fetch`, fetchInit(false), FETCH_BODY))
  ])
  const code = await exit
  const answered = await Promise.all(inFlight)

  t.equal(code, 0, 'exit code 0')
  t.strictSame(answered.filter(({ o }) => !served(o)).map(({ o }) => o), [], `each of the ${IN_FLIGHT} requests in flight at the signal was answered 200`)
  t.ok(answered.every(({ afterSignal }) => afterSignal), 'each answer came after the signal: closing ended the hold rather than waiting it out')
  t.strictSame(later.filter((o) => !(o.kind === 'none' || shuttingDown(o))), [], `each of the ${later.length} requests sent after "closing" got a 503 envelope or a connection closed before any answer`)
  t.notMatch(server.stderr(), /again|error while closing/)
})

t.test('while draining, a request on an open connection gets 503 in the envelope and the one in flight still gets its answer', async (t) => {
  // The grace period is never reached here: the test finishes the request in flight itself.
  const app = await demoServer(t, { closeGraceMs: 3_600_000 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1`
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => keepAlive.destroy())
  t.ok(served(await send(`${base}/experiences/fetch`, fetchInit(keepAlive), FETCH_BODY)), 'an open connection, idle after its answer')
  // A fetch whose body is still on its way: in flight from the moment its headers arrive.
  const arrived = once(app.server, 'request')
  const stalled = open(`${base}/experiences/fetch`, { ...fetchInit(false), headers: { ...authHeaders(), 'content-length': String(FETCH_BODY.length) } })
  stalled.req.write(FETCH_BODY.slice(0, 10))
  await arrived

  const order: string[] = []
  const closed = app.drainAndClose().then(() => { order.push('closed') })
  t.ok(app.closing.aborted, 'draining begins at once')
  const refused = await send(`${base}/experiences/fetch`, fetchInit(keepAlive), FETCH_BODY)
  order.push('refused')
  t.ok(shuttingDown(refused), 'a request arriving while draining gets 503')
  if (refused.kind === 'answer') {
    t.strictSame(violations('error.schema.json', JSON.parse(refused.body)), [], 'in the vendor\'s envelope')
    t.equal(refused.headers.connection, 'close', 'with Connection: close')
  }
  order.push('body finished')
  stalled.req.end(FETCH_BODY.slice(10))
  const answered = await stalled.outcome
  await closed
  t.ok(served(answered), 'the request in flight is answered in full')
  t.strictSame(order, ['refused', 'body finished', 'closed'], 'the server closed only after the request in flight was complete')
})

/** The plugin's clock: set by the test (`at`), each look at it counted; `looked(n)` resolves after n more looks. */
function watchedClock (): { at: number, now: () => number, looked: (n: number) => Promise<void> } {
  let looks = 0
  const waiting: Array<{ after: number, resolve: () => void }> = []
  const clock = {
    at: 0,
    now: (): number => {
      looks++
      for (const w of waiting.filter((w) => looks >= w.after)) { waiting.splice(waiting.indexOf(w), 1); w.resolve() }
      return clock.at
    },
    looked: (n: number): Promise<void> => new Promise((resolve) => waiting.push({ after: looks + n, resolve }))
  }
  return clock
}

t.test('requests answered before drainAndClose() do not hold it, however many there were', async (t) => {
  const clock = watchedClock()
  const app = Fastify({ forceCloseConnections: 'idle', return503OnClosing: false })
  await app.register(gracefulClose, { graceMs: 3_600_000, now: clock.now })
  app.post('/v1/experiences/fetch', async () => ({ experiences: {} }))
  // Past any grace period, so a server that is still waiting (the failure this test looks for) ends too.
  t.teardown(() => { clock.at = Number.MAX_SAFE_INTEGER })
  // Many answered requests, each of which was counted in flight while it ran.
  const answers = await Promise.all(Array.from({ length: 300 }, () => app.inject({ method: 'POST', url: '/v1/experiences/fetch', payload: {} })))
  t.ok(answers.every((a) => a.statusCode === 200), '300 requests answered')
  clock.at = 1000
  let closed = false
  const closing = app.drainAndClose().then(() => { closed = true })
  // Closing takes a few looks at the clock; a server that still counted an answered request in flight would go on
  // looking every few ms, waiting for it, until its hour of grace was over.
  await Promise.race([clock.looked(20), closing])
  t.ok(closed, 'drainAndClose() ends without waiting: nothing is in flight')
})

t.test('drainAndClose() cuts a request that never finishes when its grace period is over on the clock: not before, not a period later', async (t) => {
  const clock = watchedClock()
  const { now, looked } = clock
  // As buildServer sets it up, but with the clock. Its default grace period is an hour: a close() that started a
  // second period after drainAndClose()'s would hang here until tap's timeout.
  const app = Fastify({ forceCloseConnections: 'idle', return503OnClosing: false })
  await app.register(gracefulClose, { graceMs: 3_600_000, now })
  app.post('/v1/experiences/fetch', async () => ({ experiences: {} }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const arrived = once(app.server, 'request')
  const socket = net.connect((app.server.address() as AddressInfo).port, '127.0.0.1')
  socket.on('error', () => {})
  let received = 0
  socket.on('data', (chunk: Buffer) => { received += chunk.length })
  let cut = false
  const cutNow = once(socket, 'close').then(() => { cut = true })
  // Headers promise 100 bytes of body; 10 come, the rest never do.
  socket.write('POST /v1/experiences/fetch HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"experie')
  await arrived

  let done = false
  const closing = app.drainAndClose(1000).then(() => { done = true })
  clock.at = 999
  // Waiting while it holds on looks again every few ms: three more looks, each at 999, are three decisions not
  // to cut yet. A server that cut now would look once or twice more, then cut: the race ends with the cut.
  await Promise.race([looked(3), cutNow, closing])
  t.notOk(cut, 'at 999 ms of a 1,000 ms grace period the stalled request still has its connection')
  t.notOk(done, 'and drainAndClose() is still waiting for it')
  clock.at = 1000
  await cutNow
  await closing
  t.equal(received, 0, 'at 1,000 ms it is cut, without an answer, and drainAndClose() ends')
})

t.test('a second signal while closing exits at once (1), without waiting for the request in flight', async (t) => {
  const server = start(['--port', '0', '--log-level', 'info'])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const { port } = new URL(baseUrlOf(await server.banner))
  // A client that never finishes its body: closing alone would wait the 5 s grace period for it.
  const slow = net.connect(Number(port), '127.0.0.1')
  slow.on('error', () => {})
  t.teardown(() => { slow.destroy() })
  let received = 0
  slow.on('data', (chunk: Buffer) => { received += chunk.length })
  const slowClosed = once(slow, 'close')
  slow.write(`POST /v1/experiences/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nMOE-APPKEY: DEMO_WORKSPACE\r\nAuthorization: ${authHeaders().authorization}\r\nContent-Length: 100\r\n\r\n{"identif`)
  // The server logs each request as it arrives: from that line on, this one is in flight.
  await said(server.child.stdout, server.stdout, /"url":"\/v1\/experiences\/fetch"/)
  const closingSaid = said(server.child.stderr, server.stderr, /SIGTERM: closing/)
  server.child.kill('SIGTERM')
  await closingSaid
  // Sent as soon as the first is acknowledged; the drain it interrupts would last the 5 s grace period.
  server.child.kill('SIGTERM')
  t.equal(await server.exit, 1, 'exit code 1')
  await slowClosed
  t.equal(received, 0, 'the request in flight never got an answer: the process did not wait for it')
  t.match(server.stderr(), /SIGTERM: closing[^]*SIGTERM again: exiting without waiting/)
  t.notMatch(server.stderr(), 'error while closing')
})
