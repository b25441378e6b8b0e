// The behaviour workflow from the command line, as the README tells it: serve --behaviour, and a live contract run
// with --write-behaviour (the "live" API is a mock served with a behaviour file). In-process through run().
import t from 'tap'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { baseUrlOf, cliInProcess, root, serving } from './helpers/cli.js'
import { authHeaders, DEMO } from './helpers/server.js'
import { writeTemp } from './helpers/temp.js'

const PROFILE = path.join(root, 'fixtures', 'demo-profile.json')

t.test('serve --behaviour obeys the file, and a live run with --write-behaviour writes what it showed', async (t) => {
  const file = writeTemp(t, 'vendor.json', JSON.stringify({ payload_values: 'native', keys_over_limit: 'reject' }))
  const served = serving(t, ['serve', '--port', '0', '--behaviour', file])
  const baseUrl = baseUrlOf(await served.banner)
  const fetchBody = (body: unknown) => fetch(`${baseUrl}/experiences/fetch`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) })
  const banner = await (await fetchBody({ identifiers: { customer_id: 'cli-user' }, experience_key: ['homepage-banner'] })).json()
  t.equal(typeof banner.experiences['homepage-banner'].payload.ShowCountdown.value, 'boolean', 'ShowCountdown is a JSON boolean')
  t.equal((await fetchBody({ experience_key: Array.from({ length: 26 }, (_, i) => `k-${i}`) })).status, 400)

  const out = writeTemp(t, 'out.json', '')
  const live = await cliInProcess(['contract', '--target', 'live', '--base-url', baseUrl, '--workspace-id', DEMO.id, '--api-key', DEMO.key,
    '--profile', PROFILE, '--rate', '10000', '--write-behaviour', out])
  t.equal(live.code, 0, live.stdout + live.stderr)
  const written = JSON.parse(await readFile(out, 'utf8'))
  t.equal(written.payload_values, 'native')
  t.equal(written.keys_over_limit, 'reject')
  t.equal(written.events_platform_missing, undefined, 'events cases did not run without --allow-writes')
  t.match(live.stderr, /wrote 6 of 9 behaviour switches to .*out\.json/)
  t.match(live.stderr, /not observed \(left out; a skipped case says why\): events_platform_missing, events_platform_unsupported, event_time_milliseconds/)
  t.notMatch(live.stdout + live.stderr + JSON.stringify(written), DEMO.key, 'the API key is never written')
})

t.test('contract --write-behaviour against a default mock writes the defaults', async (t) => {
  const out = writeTemp(t, 'defaults.json', '')
  const run = await cliInProcess(['contract', '--write-behaviour', out])
  t.equal(run.code, 0, run.stdout + run.stderr)
  const written = JSON.parse(await readFile(out, 'utf8'))
  t.equal(written.payload_values, 'string')
  t.equal(written.keys_over_limit, 'first_25')
  t.equal(written.events_platform_unsupported, 'reject', 'the mock target allows writes')
})

t.test('serve --behaviour refuses a bad file with the file and the pointer, exit 1', async (t) => {
  const file = writeTemp(t, 'bad.json', JSON.stringify({ keys_over_limit: 'all', payload: 'native' }))
  const run = await cliInProcess(['serve', '--port', '0', '--behaviour', file])
  t.equal(run.code, 1)
  t.match(run.stderr, 'invalid behaviour:')
  t.match(run.stderr, `${file}: /keys_over_limit: "all" is not one of "first_25", "reject"`)
  t.match(run.stderr, `${file}: (document root): unknown property "payload"`)
})
