// The debugging page's rendering helpers (src/ui/render): pure functions from API answers to escaped HTML,
// checked here against real answers of the admin and explain APIs on the demo fixtures.
import t, { type Test } from 'tap'
import { execFileSync } from 'node:child_process'
import type { AdminExperiences, AdminRequestDetail, ExplainResponse, FixtureFile, JournalEvent, JournalRequest, RequestAction } from '../src/generated/types.js'
import { curlCommand, shellQuote } from '../src/client/curl.js'
import { conditionTree, describeLeaf, type LeafResult } from '../src/ui/render/conditions.js'
import { experienceCard, scheduleText, splitBar, splitSegments } from '../src/ui/render/experiences.js'
import { classes, html } from '../src/ui/render/html.js'
import { eventAnnouncement, eventsTable, filterEvents, requestRow, requestsTable, tableShell } from '../src/ui/render/journals.js'
import { describeFault, faultList, faultRule, type FaultForm } from '../src/ui/render/faults.js'
import { faultNotice, requestDetail, servedVersusReported } from '../src/ui/render/inspector.js'
import { formatInstant } from '../src/ui/render/time.js'
import { bucketBar, bucketText, experienceTrace, geoText, traceView } from '../src/ui/render/trace.js'
import { behaviourSummary } from '../src/ui/render/behaviour.js'
import { startPolling } from '../src/ui/browser/poll.js'
import { DEFAULT_BEHAVIOUR, resolveBehaviour } from '../src/fixtures/behaviour.js'
import { visitorForm, visitorRequest, type VisitorForm } from '../src/ui/render/visitor.js'
import { authHeaders, demoServer, fetchExperiences, serverFor, trackEvents } from './helpers/server.js'
import { experience, fixtureFile, variation, workspace } from './helpers/fixtures.js'

async function demo (t: Test) {
  const app = await demoServer(t)
  await app.inject({ method: 'PUT', url: '/__admin/clock', payload: { now: '2026-07-15T10:00:00Z' } })
  const experiences = (await app.inject({ method: 'GET', url: '/__admin/experiences' })).json() as AdminExperiences
  const explain = async (body: unknown): Promise<ExplainResponse> => (await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders(), payload: JSON.stringify(body) })).json()
  const view = (key: string) => experiences.workspaces[0]!.experiences.find((e) => e.key === key)!
  return { app, experiences, explain, view }
}

t.test('html escapes every value, in text and in attributes, but not nested templates', async (t) => {
  const hostile = '<img src=x onerror="alert(1)">&\''
  const out = html`<p title="${hostile}">${hostile}${html`<b>${'x<y'}</b>`}${['<i>', html`<br>`]}${null}${false}${undefined}${0}</p>`.text
  t.equal(out, '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;<b>x&lt;y</b>&lt;i&gt;<br>0</p>')
  t.equal(classes('leaf', { passed: true, failed: false }, 'x'), 'leaf passed x')
})

t.test('leaves read as sentences', async (t) => {
  t.equal(describeLeaf({ field: 'user.plan', operator: 'in', value: ['pro', 'team'] }), 'user attribute plan is one of "pro", "team"')
  t.equal(describeLeaf({ field: 'session.utm_medium', operator: 'equals', value: 'email', case_sensitive: true }), 'in-session utm_medium is "email" (case-sensitive)')
  t.equal(describeLeaf({ field: 'segment', operator: 'in', value: ['Frequent buyers'] }), 'segments include one of "Frequent buyers"')
  t.equal(describeLeaf({ field: 'user.orders', operator: 'between', value: [2, 5] }), 'user attribute orders is between 2 and 5')
  t.equal(describeLeaf({ field: 'geo.country', operator: 'not_in', value: ['IN'] }), 'country (from the IP) is none of "IN"')
  t.equal(describeLeaf({ field: 'user.email', operator: 'exists' }), 'user attribute email is present')
  t.equal(describeLeaf({ field: 'device_type', operator: 'equals', value: 'mobile' }), 'device type (from the user agent) is "mobile"')
})

t.test('a condition tree marks each leaf with the result the explain API gives at the same pointer', async (t) => {
  const { explain, view } = await demo(t)
  const trace = await explain({ identifiers: { customer_id: 'demo-user-2' }, experience_key: ['email-landing-banner'], utm_medium: 'email' })
  const tried = trace.experiences[0]!.audiences[0]!
  t.equal(tried.name, 'Pro users from email')
  const results = new Map<string, LeafResult>(tried.conditions.map((c) => [c.pointer, { passed: c.passed, saw: c.saw }]))
  const out = conditionTree(view('email-landing-banner').audiences[0]!.conditions!, '/conditions', results).text
  for (const pointer of results.keys()) t.match(out, `data-pointer="${pointer}"`, `the leaf at ${pointer} is drawn`)
  t.match(out, /<span class="leaf failed" data-pointer="\/conditions\/all\/0">.*user attribute plan is &quot;pro&quot; <span class="saw">saw <mark class="value failing">&quot;free&quot;<\/mark>/)
  t.match(out, /<span class="leaf passed" data-pointer="\/conditions\/all\/1">.*in-session utm_medium is &quot;email&quot;/)
  t.match(out, '<span class="joiner">all of</span>')
})

t.test('the split bar shows the control group first, then each variation\'s share of the rest', async (t) => {
  const segments = splitSegments({ id: 'A', name: 'A', all_users: true, control_group_percent: 20, variations: [{ id: '1', weight: 50, range: [0, 5000] }, { id: '2', name: 'Blue', weight: 50, range: [5000, 10000] }] })
  t.strictSame(segments, [{ label: 'control group', percent: 20, control: true }, { label: 'Variation 1', percent: 40, control: false }, { label: 'Blue (2)', percent: 40, control: false }])
  const { view } = await demo(t)
  const loyalty = view('loyalty-offer').audiences[0]!
  t.equal(loyalty.control_group_percent, 20)
  const bar = splitBar(loyalty).text
  t.match(bar, 'aria-label="control group 20 %, ')
  t.equal(splitSegments(loyalty).reduce((sum, s) => sum + s.percent, 0), 100)
  t.match(bar, 'style="width:20%"')
})

t.test('instants are shown in a named zone with its offset at that date', async (t) => {
  t.equal(formatInstant('2026-12-24T03:30:00.000Z', 'Asia/Kolkata'), '2026-12-24 09:00 GMT+5:30')
  t.equal(formatInstant('2026-07-01T12:00:00.000Z', 'Europe/Berlin'), '2026-07-01 14:00 GMT+2')
  t.equal(formatInstant('2026-12-01T12:00:00.000Z', 'Europe/Berlin'), '2026-12-01 13:00 GMT+1')
})

t.test('an experience card: status, whether it serves at the mock clock, schedule in both zones, audiences in order', async (t) => {
  const { view } = await demo(t)
  const summer = view('summer-sale-strip')
  t.strictSame(summer.schedule, { start: '2026-06-01T00:00', end: '2026-09-01T00:00', time_zone: 'Asia/Kolkata', start_utc: '2026-05-31T18:30:00.000Z', end_utc: '2026-08-31T18:30:00.000Z' })
  t.equal(summer.availability, 'SERVABLE', 'the clock is in July')
  t.equal(view('christmas-sale-strip').availability, 'EXPERIENCE_NOT_ACTIVE')
  t.match(scheduleText(summer.schedule, 'Europe/Berlin').text, 'schedule 2026-06-01 00:00 to 2026-09-01 00:00 (Asia/Kolkata)<br><span class="muted">your time (Europe/Berlin): 2026-05-31 20:30 GMT+2 to 2026-08-31 20:30 GMT+2</span>')
  const card = experienceCard(view('email-landing-banner'), 'UTC').text
  t.match(card, '<code>email-landing-banner</code> Email Landing Banner')
  t.match(card, 'serving now')
  t.ok(card.indexOf('Pro users from email') < card.indexOf('Email visitors'), 'audiences in priority order')
  t.match(experienceCard(view('cart-upsell'), 'UTC').text, 'not serving now')
})

t.test('a trace: served with the bucket on the bar, or the reason with the audience that failed', async (t) => {
  const { explain, view } = await demo(t)
  const x = await explain({ identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner', 'email-landing-banner'], utm_medium: 'sms' })
  const [banner, email] = x.experiences
  t.ok(banner!.served)
  const served = experienceTrace(banner!, view('homepage-banner').audiences).text
  t.match(served, '<span class="badge ok">served</span>')
  t.match(served, `style="left:${banner!.bucket! / 100}%"`, 'the marker sits at the bucket')
  t.match(served, new RegExp(`<span class="range chosen"[^>]*>${banner!.variation!.name} \\(${banner!.variation!.id}\\)</span>`))
  const refused = experienceTrace(email!, view('email-landing-banner').audiences).text
  t.match(refused, '<span class="badge off">USER_NOT_IN_SEGMENT</span>')
  t.match(refused, '✗ not matched: Email visitors')
  t.match(refused, '<mark class="value failing">&quot;sms&quot;</mark>')
  t.notMatch(refused, 'class="bucket"', 'no bucket bar when nothing was served')
  const whole = traceView(x, (key) => view(key).audiences).text
  t.match(whole, 'demo-user-1 <span class="muted">(found by customer_id')
  t.match(bucketBar(1234, undefined, undefined).text, 'bucket 1234 of 0–9999')
})

t.test('a leaf that failed on its type shows what it saw and what the operator compares', async (t) => {
  const doc = fixtureFile(workspace({
    users: [{ customer_id: 'ada', attributes: { age: '30' } }],
    experiences: [experience('adults-only', { audiences: [{ id: 'AD', name: 'Over 25', conditions: { field: 'user.age', operator: 'gt', value: 25 }, variations: [variation()] }] })]
  }))
  const app = await serverFor(t, doc)
  const views = (await app.inject({ method: 'GET', url: '/__admin/experiences' })).json() as AdminExperiences
  const x = (await app.inject({ method: 'POST', url: '/__mock/explain', headers: authHeaders({ id: 'WS_ONE', key: 'key-one' }), payload: { identifiers: { customer_id: 'ada' } } })).json() as ExplainResponse
  const out = experienceTrace(x.experiences[0]!, views.workspaces[0]!.experiences[0]!.audiences).text
  const shown = out.replace(/<[^>]*>/g, '').replaceAll('&quot;', '"')
  t.match(shown, '✗ user attribute age is greater than 25 saw "30" (a string; gt compares numbers)')
})

const event = (over: Partial<JournalEvent>): JournalEvent => ({
  seq: 1,
  workspace: 'W',
  environment: 'live',
  received_at: '2026-11-29T10:00:00.123Z',
  customer_id: 'ada',
  action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN',
  moe_event_uuid: 'u',
  event_time: 1,
  platform: 'web',
  experience_key: 'homepage-banner',
  attributes: { cid: 'c', experience: 'e', moe_locale_id: '0', moe_variation_id: '2', audience_name: 'a', audience_id: '5A' },
  duplicates: 0,
  context_check: 'ok',
  ...over
})

t.test('events: newest first, filtered by customer, each with its context-check badge, nothing unescaped', async (t) => {
  const events = [event({ seq: 1 }), event({ seq: 2, customer_id: '<script>x</script>', context_check: 'variation_mismatch', action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED' }), event({ seq: 3, customer_id: 'ADA-2', duplicates: 2 })]
  t.strictSame(filterEvents(events, ' ada ').map((e) => e.seq), [1, 3])
  const table = eventsTable(events, '', 'UTC').text
  t.ok(table.indexOf('data-seq="3"') < table.indexOf('data-seq="1"'), 'newest first')
  t.match(table, '<span class="badge check-ok ok" title="context check: ok">ok</span>')
  t.match(table, '<span class="badge check-variation_mismatch off" title="context check: variation_mismatch">variation mismatch</span>')
  t.match(table, '&lt;script&gt;x&lt;/script&gt;')
  t.notMatch(table, '<script>')
  t.match(table, '×3')
  t.match(eventsTable(events, 'nobody', 'UTC').text, 'No event of that customer.')
})

t.test('requests show status classes and faults read in words', async (t) => {
  const request = (seq: number, status: number, fault?: number): JournalRequest => ({ seq, received_at: '2026-11-29T10:00:00.000Z', method: 'POST', path: '/v1/experiences/fetch', workspace: 'W', status, duration_ms: 1.234, headers: {}, body: null, ...(fault === undefined ? {} : { fault }) })
  const table = requestsTable([request(1, 200), request(2, 500, 4), request(3, 0, 5)], 'UTC').text
  t.match(table, '<span class="status s2xx">200</span>')
  t.match(table, '<span class="status s5xx">500</span>')
  t.match(table, '<span class="status dropped">dropped</span>')
  t.match(table, 'fault 4')
  const replayed = requestsTable([
    { ...request(4, 200), replay: { outcome: 'matched', interaction: 7 } },
    { ...request(5, 404), replay: { outcome: 'unmatched', nearest: 2, differences: ['/identifiers/customer_id: recorded "a", got "<b>"'] } }
  ], 'UTC').text
  t.match(replayed, 'replayed #7')
  t.match(replayed, '<span class="off" title="/identifiers/customer_id: recorded &quot;a&quot;, got &quot;&lt;b&gt;&quot;">not recorded (closest #2)</span>', 'the differences, escaped, on hover')
  t.equal(describeFault({ id: 1, rule: { route: 'fetch', status: 500, times: 3 }, applied: 1, remaining: 2 }), 'fetch: 500, 2 left; applied 1×')
  t.equal(describeFault({ id: 2, rule: { delay_ms: 800 }, applied: 0 }), 'every route: +800 ms; applied 0×')
})

t.test('the form becomes the fetch body the app would send: only what was filled in', async (t) => {
  const blank: VisitorForm = { customerId: '', identifiers: { u_em: '', u_mb: '' }, keys: [], day: '', hour: '', ip: '', userAgent: '', custom: [] }
  t.strictSame(visitorRequest(blank), {})
  const body = visitorRequest({ ...blank, customerId: ' demo-user-1 ', identifiers: { u_em: 'ada@example.com', u_mb: '' }, keys: ['homepage-banner'], day: 'Monday', hour: '09', ip: '203.0.113.7', custom: [['utm_medium', 'email'], ['', 'x'], ['utm_source', ''], ['__proto__', 'p']] })
  t.equal(JSON.stringify(body), '{"identifiers":{"customer_id":"demo-user-1","user_identifiers":{"u_em":"ada@example.com"}},"experience_key":["homepage-banner"],"DAY_OF_THE_WEEK":"Monday","TIME_OF_THE_DAY":"09","USER_IP_ADDRESS":"203.0.113.7","utm_medium":"email","__proto__":"p"}')
  t.equal(Object.getPrototypeOf(body), Object.prototype, 'a key named __proto__ is data')
})

t.test('copy as curl gives a command the shell reads back as the same request', async (t) => {
  const cmd = curlCommand({ url: 'http://127.0.0.1:4010/v1/experiences/fetch', workspace: { id: 'W', key: "it's" }, body: { utm_medium: "o'brien" } })
  t.equal(cmd, "curl -s http://127.0.0.1:4010/v1/experiences/fetch \\\n  -u 'W:it'\\''s' \\\n  -H 'MOE-APPKEY: W' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"utm_medium\":\"o'\\''brien\"}'")
  for (const word of ["it's", '{"a":"$HOME `x` \\n"}', "'''"]) {
    t.equal(execFileSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' }), word, `the shell reads ${word} back`)
  }
})

t.test('events, requests and faults of the Test environment are marked test; Live ones are not', async (t) => {
  const badge = '<span class="badge env-test" title="Test environment (MOE-APPKEY ending in _DEBUG)">test</span>'
  const events = eventsTable([event({ seq: 1, customer_id: 'live-one' }), event({ seq: 2, customer_id: 'qa-one', environment: 'test' })], '', 'UTC').text
  t.match(events, `qa-one ${badge}`)
  t.notMatch(events, `live-one ${badge}`)
  const request = (seq: number, environment?: 'live' | 'test'): JournalRequest => ({ seq, received_at: '2026-11-29T10:00:00.000Z', method: 'POST', path: '/v1/experiences/fetch', workspace: 'W', status: 200, duration_ms: 1, headers: {}, body: null, ...(environment === undefined ? {} : { environment }) })
  const requests = requestsTable([request(1, 'live'), request(2, 'test'), request(3)], 'UTC').text
  t.equal(requests.split(badge).length - 1, 1, 'one badge, on the Test request')
  t.equal(describeFault({ id: 3, rule: { route: 'fetch', workspace: 'W', environment: 'test', status: 503 }, applied: 0 }), 'fetch (W, test): 503; applied 0×')
})

t.test('the behaviour line names the switches a workspace has off their defaults, and the table lists every switch', async (t) => {
  const server = resolveBehaviour(DEFAULT_BEHAVIOUR, { keys_over_limit: 'reject' })
  const own = resolveBehaviour(server, { payload_values: 'native' })
  const b = { defaults: DEFAULT_BEHAVIOUR, server, workspaces: { A: DEFAULT_BEHAVIOUR, B: own } }
  t.match(behaviourSummary(b, 'A').text, '<summary>Behaviour: every switch at its default.</summary>')
  const shown = behaviourSummary(b, 'B').text
  t.match(shown, '<summary>Behaviour: <code>payload_values</code> <strong>native</strong>, <code>keys_over_limit</code> <strong>reject</strong> (the rest at their defaults).</summary>')
  t.equal(shown.match(/<tr class="changed">/g)?.length, 2)
  t.equal(shown.match(/<tr/g)?.length, 1 + Object.keys(DEFAULT_BEHAVIOUR).length, 'a header row and one row per switch')
  t.match(behaviourSummary(b, 'unknown').text, 'keys_over_limit</code> <strong>reject', 'a workspace not listed shows the server\'s')
})

t.test('a bucket is written one way everywhere, a place in words, an instant with its date, seconds and zone', async (t) => {
  t.equal(bucketText(7876), 'bucket 7876', 'as the explain API writes it')
  const bar = bucketBar(7876, undefined, { id: '2', weight: 50, range: [5000, 10000] }).text
  t.match(bar, 'aria-label="bucket 7876 of 0–9999, in Variation 2"')
  t.match(bar, '→ <strong>Variation 2</strong> (buckets 5000–9999)')
  t.equal(geoText({ country: 'IN', state: 'Karnataka', city: 'Bengaluru' }), 'Bengaluru, Karnataka, IN')
  t.equal(geoText({ country: 'DE' }), 'DE')
  t.equal(formatInstant('2026-07-15T10:00:07.500Z', 'UTC', { seconds: true }), '2026-07-15 10:00:07 UTC')
  t.equal(formatInstant('2026-07-15T10:00:07.500Z', 'Europe/Berlin', { seconds: true }), '2026-07-15 12:00:07 GMT+2')
})

t.test('a trace: the visitor\'s place in words, the clock with its zone, the control group as a bucket, headings at the level asked', async (t) => {
  const { explain, view } = await demo(t)
  const x = await explain({ identifiers: { customer_id: 'demo-user-1' }, experience_key: ['loyalty-offer', 'geo-shipping-note'], USER_IP_ADDRESS: '203.0.113.7' })
  const out = traceView(x, (key) => view(key).audiences, { level: 5, zone: 'Asia/Kolkata' }).text
  t.match(out, '<dt>geo</dt><dd>Bengaluru, Karnataka, IN</dd>')
  t.match(out, '<dt>clock</dt><dd>2026-07-15 10:00:00 UTC <span class="muted">(2026-07-15 15:30:00 GMT+5:30)</span></dd>')
  t.match(out, /control group 20 % \(buckets below 2000\): bucket \d+ → /)
  t.match(out, '<h5><code>loyalty-offer</code></h5>')
  t.match(out, /<h6>✓ matched: /)
  t.notMatch(out, /<h[1-4][ >]/, 'nothing above the level asked')
})

const faultForm = (over: Partial<FaultForm>): FaultForm => ({ route: '', workspace: '', status: '', delayMs: '', probability: '', times: '', resetConnection: false, ...over })

t.test('the custom fault form becomes the rule the admin API takes, or says what is wrong', async (t) => {
  t.strictSame(faultRule(faultForm({ route: 'events', workspace: ' W ', status: '429', probability: '25', times: '2' })),
    { rule: { route: 'events', workspace: 'W', status: 429, probability: 0.25, times: 2 } })
  t.strictSame(faultRule(faultForm({ delayMs: '800' })), { rule: { delay_ms: 800 } }, 'every route when none is chosen')
  t.strictSame(faultRule(faultForm({ route: 'fetch', resetConnection: true })), { rule: { route: 'fetch', reset_connection: true } })
  t.match(faultRule(faultForm({})), { problem: /has to do something/ })
  t.match(faultRule(faultForm({ status: '200' })), { problem: 'status must be a whole number from 400 to 599' })
  t.match(faultRule(faultForm({ status: '500', probability: '0' })), { problem: 'probability must be a whole number from 1 to 100' })
  t.match(faultRule(faultForm({ status: '500', resetConnection: true })), { problem: /choose one/ })
  t.match(faultRule(faultForm({ route: 'checkout', status: '500' })), { problem: /route must be one of/ })
  const list = faultList([{ id: 7, rule: { route: 'fetch', workspace: '<W>', status: 500 }, applied: 0 }]).text
  t.match(list, '<span>fault 7: fetch (&lt;W&gt;): 500; applied 0×</span>')
  t.match(list, '<button type="button" class="remove-fault" data-fault-id="7" aria-label="Remove fault 7">Remove</button>')
})

t.test('"simulate this again": a fetch body back into the form, and what the form cannot hold', async (t) => {
  const form: VisitorForm = {
    customerId: 'demo-user-1', identifiers: { u_em: 'a@example.com', u_mb: '' }, keys: ['homepage-banner'], day: 'Monday', hour: '09', ip: '203.0.113.7', userAgent: 'UA', custom: [['utm_medium', 'email']]
  }
  const body = visitorRequest(form)
  const back = visitorForm(JSON.stringify(body))
  t.strictSame(back.leftOut, [])
  t.strictSame(visitorRequest(back.form), body, 'the form sends the same body again')
  const odd = visitorForm(JSON.stringify({ identifiers: { user_identifiers: { u_id: 'x' } }, experience_key: 'one', cart_value: 12 }))
  t.strictSame(odd.form.keys, ['one'])
  t.strictSame(odd.leftOut, ['user identifier u_id', 'in-session cart_value (not a string)'])
  t.strictSame(visitorForm('not json').leftOut, ['the body (not JSON)'])
  t.strictSame(visitorForm(null).form.keys, [], 'no body: an empty form')
})

t.test('journal rows: a button to inspect each request, times with date and zone, news of an event in one sentence', async (t) => {
  const r: JournalRequest = { seq: 4, received_at: '2026-11-29T10:00:00.000Z', method: 'POST', path: '/v1/experiences/fetch?x="1"', workspace: 'W', status: 200, duration_ms: 1, headers: {}, body: null }
  const row = requestRow(r, 'UTC').text
  t.match(row, '<td class="when">2026-11-29 10:00:00 UTC</td>')
  t.match(row, /<button type="button" class="inspect" data-seq="4" aria-label="Inspect request 4: POST \/v1\/experiences\/fetch\?x=&quot;1&quot;">/)
  t.equal(eventAnnouncement(event({ seq: 9, customer_id: 'ada', context_check: 'variation_mismatch' })), 'New event 9: impression by ada on homepage-banner, context variation mismatch.')
  t.match(tableShell('x', '<label>', ['a&b']).text, '<caption class="visually-hidden">&lt;label&gt;</caption><thead><tr><th scope="col">a&amp;b</th></tr></thead><tbody></tbody>')
})

t.test('the inspector: what was sent and answered, and a fetch\'s decision with the fixture set and clock it was made with', async (t) => {
  const { app, view } = await demo(t)
  const admin = async (url: string): Promise<AdminRequestDetail> => (await app.inject({ method: 'GET', url: `/__admin${url}` })).json()
  await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['email-landing-banner'], utm_medium: 'email' })
  const context = { zone: 'UTC', audiencesOf: (key: string) => view(key).audiences }
  const fresh = requestDetail(await admin('/requests/1'), context).text
  t.match(fresh, '<h3 id="inspector-title" tabindex="-1">Request 1: POST <code>/v1/experiences/fetch</code></h3>')
  t.match(fresh, '&quot;customer_id&quot;: &quot;demo-user-1&quot;', 'the body sent, indented')
  t.match(fresh, 'Answered <span class="status s2xx">200</span>')
  t.match(fresh, 'Decided with fixture set 1 (still in force) at mock clock 2026-07-15 10:00:00 UTC.')
  t.match(fresh, '<button type="button" class="simulate-again">Simulate this again</button>')
  t.notMatch(fresh, 'explain-today', 'nothing to offer while the fixtures are the same')
  t.notMatch(fresh, 'authorization: Basic', 'credentials masked')

  // The fixtures are replaced: the trace stays that of the moment, and today's is offered.
  const doc = (await app.inject({ method: 'GET', url: '/__admin/fixtures' })).json() as FixtureFile
  doc.workspaces[0]!.experiences.find((e) => e.key === 'email-landing-banner')!.audiences[0]!.conditions = { field: 'user.plan', operator: 'equals', value: 'team' }
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/fixtures', payload: doc })).statusCode, 200)
  const stale = await admin('/requests/1')
  const then = requestDetail(stale, context).text
  t.match(then, 'fixture set 1 <strong>(replaced since)</strong>')
  t.match(then, '<button type="button" class="explain-today">Explain against today\'s fixtures</button>')
  t.match(then, '✓ matched: Pro users from email')
  const today = (await admin('/requests/1?against=current')).decision!
  const both = requestDetail(stale, { ...context, today }).text
  t.match(both, /<h4 id="today-title">Against today's fixtures<\/h4>\s*<p>Decided now with fixture set 2 \(still in force\)/)
  t.match(both, '✗ not matched: Pro users from email')
  t.notMatch(both, 'explain-today', 'asked already')
})

t.test('the inspector says a fault answered, and the trace is what the fixtures would have answered', async (t) => {
  const { app, view } = await demo(t)
  await app.inject({ method: 'POST', url: '/__admin/faults', payload: { route: 'fetch', status: 503, times: 1 } })
  await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' } })
  const detail = (await app.inject({ method: 'GET', url: '/__admin/requests/1' })).json() as AdminRequestDetail
  const out = requestDetail(detail, { zone: 'UTC', audiencesOf: (key: string) => view(key).audiences }).text
  t.match(out, '<p class="notice fault"><strong>Fault 1 answered this request</strong>: HTTP 503')
  t.match(out, 'Answered <span class="status s5xx">503</span>')
  t.match(out, 'A fault answered, so the app did not get this: it is what the fixtures decided.')
  t.match(faultNotice({ id: 2, rule: { delay_ms: 800 }, replaces_answer: false, detail: 'the engine\'s answer, 800 ms late' }, 'would answer').text, 'Fault 2 would delay this request')
})

t.test('the inspector of an events call: each action\'s check, and for a mismatch what was served against what it reported', async (t) => {
  const { app } = await demo(t)
  const served = (await fetchExperiences(app, { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner'] })).json().experiences['homepage-banner'].experience_context
  const attributes = { ...served, moe_variation_id: served.moe_variation_id === '1' ? '2' : '1' }
  const action = { action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', moe_event_uuid: '0b8f4c1e-1d2a-4e3b-9c4d-5e6f7a8b9c0d', event_time: 1, attributes }
  t.equal((await trackEvents(app, { elements: [{ customer_id: 'demo-user-1', actions: [action] }] })).statusCode, 200)
  const detail = (await app.inject({ method: 'GET', url: '/__admin/requests/2' })).json() as AdminRequestDetail
  const out = requestDetail(detail, { zone: 'UTC', audiencesOf: () => undefined }).text
  t.match(out, '<span class="badge check-variation_mismatch off" title="context check: variation_mismatch">variation mismatch</span>')
  t.match(out, `reported variation ${attributes.moe_variation_id as string}, audience ${served.audience_id as string}<br>served variation ${served.moe_variation_id as string}, audience ${served.audience_id as string} to demo-user-1`)
  t.notMatch(out, 'simulate-again', 'only a fetch is simulated again')
  const unknown: RequestAction = {
    seq: 1,
    action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED',
    moe_event_uuid: 'u',
    experience_key: null,
    duplicate: false,
    context_check: 'unknown_cid',
    reported: { cid: 'c', moe_variation_id: '1', audience_id: 'A' },
    served: { customer_id: '', contexts: [] }
  }
  t.equal(servedVersusReported(unknown).text, '<span class="versus">reported variation 1, audience A<br>served nothing of this campaign to visitors without an id</span>')
  t.equal(servedVersusReported({ ...unknown, context_check: 'ok' }).text, '')
})

t.test('the page\'s poll loop backs off while the mock does not answer, is back to every second after, and never overlaps', async (t) => {
  const waits: number[] = []
  let next: (() => void) | undefined
  const schedule = (run: () => void, ms: number): () => void => {
    waits.push(ms)
    next = run
    return () => { next = undefined }
  }
  /** Runs the tick scheduled and waits until the one after it is scheduled (ticks here settle in a few microtasks). */
  const scheduled = (): boolean => next !== undefined
  const settle = async (): Promise<void> => { for (let i = 0; i < 50 && !scheduled(); i++) await Promise.resolve() }
  const beat = async (): Promise<void> => {
    const run = next
    next = undefined
    run?.()
    await settle()
  }
  let answering = false
  let running = 0
  let most = 0
  const said: string[] = []
  const poller = startPolling({
    every: 1000,
    ceiling: 8000,
    tick: async () => {
      running++
      most = Math.max(most, running)
      await Promise.resolve()
      running--
      if (!answering) throw new TypeError('Failed to fetch')
    },
    down: (_err, ms) => { said.push(`down ${ms}`) },
    up: () => { said.push('up') },
    schedule
  })
  await settle()
  for (let i = 0; i < 4; i++) await beat()
  answering = true
  await beat()
  t.strictSame(said, ['down 1000', 'down 2000', 'down 4000', 'down 8000', 'down 8000', 'up'])
  t.strictSame(waits, [1000, 2000, 4000, 8000, 8000, 1000], 'the waits between tries, then the beat again')
  await Promise.all([poller.now(), poller.now(), poller.now()])
  t.equal(most, 1, 'one tick at a time, however often a tick is asked for')
  t.equal(waits.at(-1), 1000)
})
