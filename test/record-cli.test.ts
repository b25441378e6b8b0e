// The record-and-replay workflow as a user runs it: `record` in front of a second mock started as the upstream,
// `serve --replay`, `fixtures-from-recording`, and the mistakes each refuses. In-process through run(), and record and
// fixtures-from-recording once each in a real process.
import t, { type Test } from 'tap'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Recording } from '../src/generated/types.js'
import { STARTER_API_KEY } from '../src/record/starter-fixtures.js'
import { baseUrlOf, cli, cliInProcess, root, serving, start, type Started } from './helpers/cli.js'
import { call, VISITS } from './helpers/recording.js'
import { authHeaders, basic, DEMO } from './helpers/server.js'
import { violations } from './helpers/schemas.js'

const dir = mkdtempSync(path.join(tmpdir(), 'personalize-record-'))
const file = (name: string): string => path.join(dir, name)

/** In a real process, ended in teardown. */
function spawned (t: Test, args: string[], ready?: RegExp): Started {
  const s = start(args, ready)
  t.teardown(() => { s.child.kill('SIGTERM') })
  return s
}

t.test('record, stop, replay strictly, make starter fixtures: the whole workflow from the command line', async (t) => {
  const upstream = serving(t, ['--port', '0'])
  const upstreamUrl = baseUrlOf(await upstream.banner)
  const recorder = serving(t, ['record', '--upstream', upstreamUrl, '--port', '0', '--out', file('session.json'), '--redact', 'u_em'], /Ctrl-C stops\n/)
  const proxy = /^recording on (\S+) -> /m.exec(await recorder.banner)?.[1] ?? ''
  t.match(await recorder.banner, `recording on ${proxy} -> ${upstreamUrl}\nwriting ${file('session.json')} after every call (masking u_em)`)
  const answers = []
  for (const c of VISITS) answers.push(await call(proxy, c))
  const withEmail = await call(proxy, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-2', user_identifiers: { u_em: 'jane@example.com' } } } })

  // The file is rewritten after every call, so it is complete before the proxy stops.
  const whileRunning = JSON.parse(readFileSync(file('session.json'), 'utf8')) as Recording
  t.equal(whileRunning.interactions.length, VISITS.length + 1)
  t.equal(await recorder.stop('SIGINT'), 0, 'SIGINT stops it cleanly')
  t.match(recorder.stderr(), `${VISITS.length + 1} call(s) recorded in ${file('session.json')}`)
  const text = readFileSync(file('session.json'), 'utf8')
  const rec = JSON.parse(text) as Recording
  t.strictSame(violations('recording.schema.json', rec), [])
  t.match(rec, { format: 'personalize-mock-recording/1', recorded_with: /^moengage-personalize-mock \d/, upstream: upstreamUrl, redacted_fields: ['u_em'] })
  for (const secret of [DEMO.key, basic(DEMO.id, DEMO.key).slice(6), 'jane@example.com']) t.notOk(text.includes(secret), `no ${secret} in the file`)

  const replay = serving(t, ['--port', '0', '--replay', file('session.json'), '--replay-strict', '--fixtures', path.join(root, 'fixtures', 'demo.json')])
  const banner = await replay.banner
  t.match(banner, `replaying ${file('session.json')}: ${VISITS.length + 1} recorded call(s); any other call is refused (404)`)
  const replayUrl = baseUrlOf(banner)
  for (const [i, c] of VISITS.entries()) t.equal((await call(replayUrl, c)).text, answers[i]!.text, `${c.path} as recorded`)
  const unrecorded = await call(replayUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-2' } } })
  t.equal(unrecorded.status, 404)
  t.match(unrecorded.json().description, 'Closest recorded call: interactions/4, which differs at /identifiers/customer_id: recorded "demo-user-1", got "demo-user-2".')
  const otherEmail = await call(replayUrl, { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-2', user_identifiers: { u_em: 'someone@example.com' } } } })
  t.equal(otherEmail.text, withEmail.text, 'a redacted field matches any value')

  const starter = await cliInProcess(['fixtures-from-recording', file('session.json'), '--out', file('starter.json'), '--api-key', DEMO.key])
  t.equal(starter.code, 0, starter.stderr)
  t.match(starter.stderr, `wrote ${file('starter.json')}: 1 workspace(s), `)
  t.match(starter.stderr, 'note: DEMO_WORKSPACE customer demo-user-1 got audience 1E, variation 1 / nothing from email-landing-banner in different calls')
  const checked = await cliInProcess(['check-fixtures', file('starter.json')])
  t.equal(checked.code, 0, checked.stderr)
  const toStdout = await cliInProcess(['fixtures-from-recording', file('session.json')])
  t.equal(toStdout.code, 0)
  t.match(JSON.parse(toStdout.stdout), { workspaces: [{ id: DEMO.id, personalize_api_key: STARTER_API_KEY }] }, 'to stdout, with the placeholder key')
})

t.test('serve --replay without --fixtures serves starter fixtures made from the recording, under the starter key', async (t) => {
  const upstream = serving(t, ['--port', '0'])
  const upstreamUrl = baseUrlOf(await upstream.banner)
  const recorder = serving(t, ['record', '--upstream', upstreamUrl, '--port', '0', '--out', file('alone.json')], /Ctrl-C stops\n/)
  const proxy = /^recording on (\S+) -> /m.exec(await recorder.banner)?.[1] ?? ''
  const recorded = await call(proxy, VISITS[0]!)
  t.equal(await recorder.stop('SIGTERM'), 0)
  const replay = serving(t, ['--port', '0', '--replay', file('alone.json')])
  const banner = await replay.banner
  t.match(banner, `fixtures: starter fixtures made from ${file('alone.json')}`)
  t.match(banner, `workspace ${DEMO.id}  personalize api key ${STARTER_API_KEY}`)
  t.match(banner, 'other calls are answered from the fixtures')
  const starterAuth = { ...authHeaders(), authorization: basic(DEMO.id, STARTER_API_KEY) }
  t.equal((await call(baseUrlOf(banner), { ...VISITS[0]!, headers: starterAuth })).text, recorded.text)
  t.equal((await call(baseUrlOf(banner), VISITS[0]!)).status, 401, 'the recorded workspace\'s real key is not known to the replay')
})

t.test('record and replay refuse option mistakes with exit 2, and bad recordings with the file and pointer', async (t) => {
  const usage: Array<[string[], RegExp]> = [
    [['record', '--upstream', 'http://127.0.0.1:1/v1'], /record needs --out RECORDING/],
    [['record', '--out', file('x.json')], /record needs --upstream URL or --data-center DC/],
    [['record', '--upstream', 'http://127.0.0.1:1/v1', '--data-center', '01', '--out', file('x.json')], /one of them/],
    [['record', '--data-center', '99', '--out', file('x.json')], /--data-center must be one of 01, 02/],
    [['record', '--upstream', 'sdk-01.moengage.com', '--out', file('x.json')], /--upstream: the upstream must be an http\(s\) URL/],
    [['record', '--upstream', 'http://127.0.0.1:1/v1', '--out', file('x.json'), '--fixtures', 'f.json'], /--fixtures does not apply to "record"/],
    [['serve', '--replay-strict'], /--replay-strict needs --replay RECORDING/],
    [['fixtures-from-recording'], /needs exactly one RECORDING file/],
    [['fixtures-from-recording', 'a.json', '--port', '1'], /--port does not apply/]
  ]
  for (const [args, message] of usage) {
    const r = await cliInProcess(args)
    t.equal(r.code, 2, args.join(' '))
    t.match(r.stderr, message)
  }
  writeFileSync(file('bad.json'), JSON.stringify({ format: 'personalize-mock-recording/1', upstream: 'u', recorded_at: 'now', interactions: [{ request: { method: 'POST', path: 'no-slash', workspace: 'W' }, response: { status: 200 } }] }))
  const bad = await cliInProcess(['--port', '0', '--replay', file('bad.json')])
  t.equal(bad.code, 1)
  t.match(bad.stderr, `invalid recording:\n  ${file('bad.json')}: /interactions/0/request/path: must match pattern "^/"`)
  const missing = await cliInProcess(['fixtures-from-recording', file('nowhere.json')])
  t.equal(missing.code, 1)
  t.match(missing.stderr, `${file('nowhere.json')}: (document root): cannot read the file`)
})

t.test('in a process: record writes the calls it forwards and stops on SIGINT; fixtures-from-recording prints starter fixtures', async (t) => {
  const upstreamUrl = baseUrlOf(await serving(t, ['--port', '0']).banner)
  const recorder = spawned(t, ['record', '--upstream', upstreamUrl, '--port', '0', '--out', file('spawned.json')], /Ctrl-C stops\n/)
  const proxy = /^recording on (\S+) -> /m.exec(await recorder.banner)?.[1] ?? ''
  t.equal((await call(proxy, VISITS[0]!)).status, 200)
  recorder.child.kill('SIGINT')
  t.equal(await recorder.exit, 0, 'SIGINT stops it cleanly')
  t.match(recorder.stderr(), `1 call(s) recorded in ${file('spawned.json')}`)
  const starter = await cli(['fixtures-from-recording', file('spawned.json')])
  t.equal(starter.code, 0, starter.stderr)
  t.match(JSON.parse(starter.stdout), { workspaces: [{ id: DEMO.id, personalize_api_key: STARTER_API_KEY }] })
})
