// The debugging page in a real browser (Debian's chromium, driven by playwright-core; `.ci/run` installs it when
// missing), one browser for the whole file: a laptop (1280×800) and a phone (390×844). The experiences, two
// visitors who get different variations, events with their badges, faults from the presets and the custom form,
// the request inspector (a fetch's trace as it was when answered, after the clock and the fixtures changed), live
// updates that leave an unchanged page alone, the layout at 390 px and an axe-core accessibility check.
// Screenshots go to test-output/ui/ (ignored by git).
import t from 'tap'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { AxeResults } from 'axe-core'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { buildEvent } from '../src/client/events.js'
import { curlCommand } from '../src/client/curl.js'
import { startMockServer, type RunningMock } from '../src/server/start.js'
import type { FixtureFile } from '../src/generated/types.js'
import { root } from './helpers/cli.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SHOTS = path.join(root, 'test-output', 'ui')
const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

let browser: Browser
let mock: RunningMock
let laptop: BrowserContext
let page: Page
const problems: string[] = []

/** Any script error or blocked resource (a Content Security Policy violation included) fails the run. */
function watch (p: Page): void {
  p.setDefaultTimeout(10_000)
  p.on('pageerror', (err) => problems.push(String(err)))
  p.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
}

t.before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`)
  mkdirSync(SHOTS, { recursive: true })
  // One switch off its default, so the page has a behaviour to show (no flow below depends on it).
  mock = await startMockServer({ rateLimit: false, behaviour: { metadata_empty_status: 'none' } })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  laptop = await browser.newContext({ viewport: LAPTOP })
  // The laptop page's timers run on a clock the test can move: time flows as usual, and beat() jumps it ahead.
  await laptop.clock.install()
  page = await laptop.newPage()
  watch(page)
  await page.goto(`${mock.url}/__ui`)
})

t.teardown(async () => {
  await browser?.close()
  await mock?.close()
})

const shot = (name: string, p: Page = page): Promise<Buffer> => p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false })

/**
 * The page polls the mock every second (longer while backing off): jump its clock `ms` ahead, so that the next tick
 * runs now instead of after a real wait. A tick under way is not hurried; the next one is scheduled as usual.
 */
const beat = (ms = 1000): Promise<void> => page.clock.fastForward(ms)

/** Resolves after the (laptop) page has received `n` more answers of its poll of the request journal. */
async function polls (n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/__admin/requests')
    await beat()
    await answered
  }
}

const tickedKeys = (p: Page = page): Promise<string[]> =>
  p.$$eval('#experience-keys input:checked', (boxes) => boxes.map((b) => (b as HTMLInputElement).value))

/** The newest journaled request to `pathname` (from the admin API), for its seq. */
async function newest (pathname: string): Promise<number> {
  const { requests } = await mock.admin.requests({ last: 50 })
  const found = requests.filter((r) => r.path.split('?')[0] === pathname).at(-1)
  if (found === undefined) throw new Error(`no request to ${pathname}`)
  return found.seq
}

async function inspect (p: Page, seq: number): Promise<void> {
  const button = p.locator(`#request-list tr[data-seq="${seq}"] button.inspect`)
  await button.click()
  await p.waitForSelector(`#inspector .inspector-body[data-seq="${seq}"]`)
}

async function simulate (customerId: string, p: Page = page): Promise<void> {
  await p.fill('#customer-id', customerId)
  await p.locator('.custom-row .custom-value').first().fill('email')
  const answered = p.waitForResponse((r) => r.url().endsWith('/__mock/explain'))
  await p.click('#simulate-button')
  await answered
  await p.waitForSelector('.trace[data-key="email-landing-banner"]')
}

t.test('the experiences of the workspace are listed with their audiences and split bars', async (t) => {
  await page.waitForSelector('.experience')
  const cards = await page.locator('#experience-list .experience').count()
  const expected = (await mock.admin.experiences()).workspaces[0]!.experiences.length
  t.equal(cards, expected, `${cards} experience cards`)
  const loyalty = page.locator('.experience[data-key="loyalty-offer"]')
  t.match(await loyalty.locator('.conditions').first().innerText(), 'segments include one of "frequent-buyers"')
  t.match(await loyalty.locator('.split').first().getAttribute('aria-label') ?? '', /^control group 20 %, /)
  t.match(await page.locator('.experience[data-key="christmas-sale-strip"] .schedule').innerText(), /2026-12-20 00:00 to 2026-12-27 00:00 \(America\/New_York\)/)
  t.equal(await page.locator('#behaviour summary').innerText(), 'Behaviour: metadata_empty_status none (the rest at their defaults).')
  await page.evaluate(() => document.querySelector('#experiences')?.scrollIntoView())
  await shot('experiences')
})

t.test('getting started: the intro and the way to simulate are on the first screen; "simulate this" asks for one experience', async (t) => {
  await page.evaluate(() => window.scrollTo(0, 0))
  const cta = await page.locator('.intro a.cta').boundingBox()
  t.ok(cta !== null && cta.y + cta.height <= LAPTOP.height, 'the "Simulate a visitor" link is within the first screen')
  await page.click('#keys-none')
  t.strictSame(await tickedKeys(), [], 'select none')
  await page.click('#keys-all')
  t.equal((await tickedKeys()).length, await page.locator('#experience-keys input').count(), 'select all')
  await page.click('.experience[data-key="loyalty-offer"] button.simulate-this')
  t.strictSame(await tickedKeys(), ['loyalty-offer'], 'only that experience is ticked')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'customer-id', 'and the form is where the focus went')
  await page.click('#keys-all')
})

t.test('two visitors get different variations; the trace highlights the condition that failed and what it saw', async (t) => {
  await simulate('demo-user-1')
  t.match(await page.locator('#fetch-status').innerText(), 'HTTP 200')
  t.match(await page.locator('#fetch-response').innerText(), 'Welcome back! Your pro email offer: 20% off')
  const first = page.locator('.trace[data-key="email-landing-banner"]')
  t.equal(await first.locator('.badge').first().innerText(), 'served')
  t.match(await first.locator('.tried.matched h5').innerText(), 'Pro users from email')
  t.match(await first.locator('.legend').innerText(), /^bucket \d+ of 0–9999 → /, 'the bucket written as the explain API writes it')
  t.match(await first.locator('.detail').innerText(), /bucket \d+ falls in/)

  await simulate('demo-user-2')
  await page.waitForFunction(() => document.querySelector('#fetch-response')?.textContent?.includes('Thanks for reading our email') === true)
  const second = page.locator('.trace[data-key="email-landing-banner"]')
  t.match(await second.locator('.tried.not-matched h5').innerText(), 'Pro users from email')
  t.match(await second.locator('.tried.matched h5').innerText(), 'Email visitors')
  const failed = second.locator('.leaf.failed')
  t.equal(await failed.count(), 1, 'one failing condition')
  t.match(await failed.innerText(), 'user attribute plan is "pro"')
  t.equal(await failed.locator('mark.failing').innerText(), '"free"', 'the value it saw, highlighted')
  t.equal(await second.locator('.leaf.failed mark.failing').evaluate((el) => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)'), true, 'and visibly so')
  // The picture in docs/guide.md: that visitor asking for that experience only.
  await page.click('.experience[data-key="email-landing-banner"] button.simulate-this')
  await simulate('demo-user-2')
  await page.waitForFunction(() => document.querySelectorAll('#trace .trace').length === 1)
  await page.evaluate(() => document.querySelector('.results')?.scrollIntoView())
  await shot('simulate')
  await page.click('#keys-all')

  // Copy as curl gives the form as it is now (edited after the last simulation), not the request last sent.
  await page.fill('#customer-id', 'demo-user-9')
  await page.selectOption('#hour', '07')
  await page.click('#copy-curl')
  const curl = await page.locator('#curl').innerText()
  const keys = (await mock.admin.experiences()).workspaces[0]!.experiences.map((e) => e.key)
  const expected = { identifiers: { customer_id: 'demo-user-9' }, experience_key: keys, TIME_OF_THE_DAY: '07', utm_medium: 'email' }
  t.same(JSON.parse(/-d '(.*)'$/s.exec(curl)?.[1] ?? '{}'), expected, 'the body of the form as edited')
  const headersOf = (command: string): string => command.replace(/ -d '.*'$/s, '')
  const demoCurl = curlCommand({ url: `${mock.url}/v1/experiences/fetch`, workspace: { id: 'DEMO_WORKSPACE', key: 'demo-personalize-key' }, body: {} })
  t.equal(headersOf(curl), headersOf(demoCurl), 'headers and credentials of the workspace')
  await page.selectOption('#hour', '')
})

t.test('the form works from the keyboard: Enter in a field submits it', async (t) => {
  await page.fill('#customer-id', 'demo-user-1')
  await page.focus('#customer-id')
  const answered = page.waitForResponse((r) => r.url().endsWith('/v1/experiences/fetch'))
  await page.keyboard.press('Enter')
  t.equal((await answered).status(), 200)
  await page.waitForFunction(() => document.querySelector('#fetch-response')?.textContent?.includes('Welcome back!') === true)
})

t.test('events sent through the API appear with their badges, are announced once, filter by customer, and inspect as a call', async (t) => {
  const client = mock.client()
  const served = (await client.fetchExperiences({ identifiers: { customer_id: 'demo-user-2' }, experience_key: ['email-landing-banner'], utm_medium: 'email' } as never)).experiences['email-landing-banner']!
  await client.trackEvents({ elements: [buildEvent({ customerId: 'demo-user-2', action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', context: served.experience_context })] })
  const foreign = { ...served.experience_context, cid: served.experience_context.cid.replace(/^[0-9a-f]{24}/, 'ffffffffffffffffffffffff') }
  await client.trackEvents({ elements: [buildEvent({ customerId: 'demo-user-3', action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', context: foreign })] })
  await beat()
  await page.waitForSelector('#event-list tr[data-seq="2"]')
  t.equal(await page.locator('#event-list tr:has-text("demo-user-2") .badge').innerText(), 'ok')
  await page.waitForFunction(() => document.querySelector('#event-news')?.textContent?.includes('click by demo-user-3') === true)
  // A retry resends the same moe_event_uuid: the row already shown counts it (no new row, nothing announced).
  const impression = (await mock.admin.events({ customer_id: 'demo-user-2' })).events[0]!
  const resend = { elements: [{ customer_id: 'demo-user-2', actions: [{ action: impression.action, moe_event_uuid: impression.moe_event_uuid, event_time: impression.event_time, attributes: impression.attributes }] }] }
  const news = await page.locator('#event-news').innerText()
  await client.trackEvents(resend as never)
  await client.trackEvents(resend as never)
  await beat()
  await page.waitForFunction(() => document.querySelector('#event-list tr[data-seq="1"] td:last-child')?.textContent === '×3')
  t.equal(await page.locator('#event-list tbody tr').count(), 2, 'still two events')
  t.equal(await page.locator('#event-news').innerText(), news, 'a duplicate is not news')
  t.equal(await page.locator('#event-list tr:has-text("demo-user-3") .badge').innerText(), 'unknown cid')
  await page.fill('#event-filter', 'user-2')
  t.equal(await page.locator('#event-list tbody tr:visible').count(), 1, 'the filter keeps that customer\'s events')
  await page.evaluate(() => document.querySelector('#events')?.scrollIntoView())
  await shot('events')
  await page.fill('#event-filter', '')
  t.equal(await page.locator('#event-news').innerText(), news, 'rows back from a filter are not news either')

  // The call that carried the foreign click: each action with its check, and what was served against what it reported.
  const { requests } = await mock.admin.requests({ last: 10 })
  const call = requests.filter((r) => r.route === 'events' && r.body?.includes('demo-user-3') === true).at(-1)!
  await beat()
  await page.waitForSelector(`#request-list tr[data-seq="${call.seq}"]`)
  await inspect(page, call.seq)
  const row = page.locator('#inspector table.elements tbody tr')
  t.match(await row.innerText(), /demo-user-3\s+click/)
  t.equal(await row.locator('.badge').innerText(), 'unknown cid')
  t.match(await row.locator('.versus').innerText(), /reported variation \S+, audience \S+\s+served nothing of this campaign/)
})

t.test('a fault added from the page makes the next fetch fail; the trace and the inspector say a fault answered', async (t) => {
  await page.click('button[data-fault="fetch-500"]')
  await page.waitForSelector('#fault-list li')
  t.match(await page.locator('#fault-list li').innerText(), 'fetch: 500, 3 left')
  await page.click('#simulate-button')
  await page.waitForFunction(() => document.querySelector('#fetch-status')?.textContent?.startsWith('HTTP 500') === true)
  t.match(await page.locator('#fetch-response').innerText(), '"title": "500 Internal Server Error"')
  await page.waitForSelector('#trace .trace')
  t.match(await page.locator('#trace .notice.fault').innerText(), /^Fault \d+ would answer this request: HTTP 500/, 'the trace says a fault answers, not the fixtures')
  await beat()
  await page.waitForSelector('#request-list .status.s5xx')
  const newestFetch = page.locator('#request-list tbody tr:has-text("/v1/experiences/fetch")').first()
  t.equal(await newestFetch.locator('.status').innerText(), '500', 'the newest fetch in the journal is a 500')
  t.match(await newestFetch.innerText(), /fault \d+/, 'marked with its fault')
  await newestFetch.locator('button.inspect').click()
  await page.waitForSelector('#inspector .decision')
  t.match(await page.locator('#inspector .notice.fault').first().innerText(), /^Fault \d+ answered this request/)
  t.match(await page.locator('#inspector .decision').innerText(), 'A fault answered, so the app did not get this')
  await page.evaluate(() => document.querySelector('#requests')?.scrollIntoView())
  await shot('requests')
  await page.click('#faults-clear')
  await page.waitForSelector('#fault-list .empty')

  // A dropped connection: the previous answer is cleared, the page says there was none, the trace still explains.
  // (Chromium retries a POST whose reused connection closes without an answer, so every attempt is dropped.)
  await mock.admin.addFault({ route: 'fetch', reset_connection: true })
  await page.click('#simulate-button')
  await page.waitForFunction(() => document.querySelector('#fetch-status')?.textContent?.startsWith('no answer') === true)
  t.equal(await page.locator('#fetch-response').innerText(), '', 'no stale answer left on screen')
  await page.waitForSelector('.trace[data-key="email-landing-banner"]')
  await mock.admin.clearFaults()

  // The browser logs both deliberate failures as failed resources; those are expected, anything else is not.
  const deliberate = problems.filter((p) => p.includes('status of 500') || p.includes('net::ERR_EMPTY_RESPONSE'))
  t.ok(deliberate.some((p) => p.includes('status of 500')) && deliberate.some((p) => p.includes('ERR_EMPTY_RESPONSE')), 'the browser saw the deliberate failures')
  problems.splice(0, problems.length, ...problems.filter((p) => !deliberate.includes(p)))
})

t.test('the requests filter by route, status, workspace and customer', async (t) => {
  /** Waits until the rows shown are exactly the newest requests the admin API gives for the same filter. */
  const shows = async (query: Parameters<typeof mock.admin.requests>[0], what: string): Promise<void> => {
    const expected = (await mock.admin.requests({ ...query, last: 100 })).requests.map((r) => r.seq).reverse()
    t.ok(expected.length > 0, `${what}: some requests match`)
    await page.waitForFunction((seqs) => JSON.stringify([...document.querySelectorAll<HTMLElement>('#request-list tbody tr')]
      .map((tr) => Number(tr.dataset.seq))) === JSON.stringify(seqs), expected)
    t.pass(what)
  }
  await page.selectOption('#filter-route', 'explain')
  await shows({ route: 'explain' }, 'route')
  await page.selectOption('#filter-route', '')
  await page.fill('#filter-status', '5xx')
  await page.press('#filter-status', 'Enter')
  await shows({ status: '5xx' }, 'status class')
  await page.fill('#filter-status', '')
  await page.press('#filter-status', 'Enter')
  await page.selectOption('#filter-workspace', 'DEMO_WORKSPACE')
  await page.fill('#filter-customer', 'demo-user-3')
  await shows({ workspace: 'DEMO_WORKSPACE', customer: 'demo-user-3' }, 'workspace and customer')
  await page.selectOption('#filter-workspace', '')
  await page.fill('#filter-customer', '')
  await shows({}, 'no filter')
})

t.test('a custom fault is added from its form, and removed on its own', async (t) => {
  await page.click('button[data-fault="fetch-slow"]')
  await page.selectOption('#fault-route', 'events')
  await page.fill('#fault-status', '429')
  await page.fill('#fault-times', '2')
  await page.click('#fault-add')
  await page.waitForSelector('#fault-list li:has-text("events: 429, 2 left")')
  t.equal(await page.locator('#fault-list li').count(), 2)
  const rule = (await mock.admin.faults()).faults.find((f) => f.rule.route === 'events')?.rule
  t.strictSame(rule, { route: 'events', status: 429, times: 2 }, 'the rule as the form described it')
  await page.locator('#fault-list li:has-text("events: 429") button.remove-fault').click()
  await page.waitForFunction(() => document.querySelectorAll('#fault-list li').length === 1)
  t.match(await page.locator('#fault-list li').innerText(), 'fetch: +800 ms', 'the other fault stays')
  await page.click('#faults-clear')
  await page.waitForSelector('#fault-list .empty')
})

t.test('a visit simulated in the Test environment reaches it: Test\'s users, and a test badge in the request journal', async (t) => {
  t.equal(await page.locator('#customer-ids option').count(), 3, 'Live suggests the fixture users')
  await page.selectOption('#environment', 'test')
  t.equal(await page.locator('#customer-ids option').count(), 0, 'Test suggests its test_users: the demo has none')
  await simulate('demo-user-1')
  t.match(await page.locator('#fetch-status').innerText(), 'HTTP 200')
  await page.waitForFunction(() => document.querySelector('#fetch-response')?.textContent?.includes('Thanks for reading our email') === true)
  t.match(await page.locator('#trace .visitor').innerText(), 'anonymous or unknown', 'the fixture users are Live\'s')
  const newestFetch = page.locator('#request-list tbody tr:has-text("/v1/experiences/fetch")').first()
  await beat()
  await page.waitForFunction(() => document.querySelector('#request-list tbody tr .env-test') !== null)
  t.equal(await newestFetch.locator('.badge.env-test').innerText(), 'test')
  await page.selectOption('#environment', 'live')
})

t.test('the inspector shows a fetch\'s body and the trace of that moment after the clock and the fixtures changed', async (t) => {
  const original = await mock.admin.getFixtures()
  await mock.admin.setClock({ now: '2026-07-15T10:00:00Z' })
  const body = { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['email-landing-banner'], utm_medium: 'email' }
  await mock.client().fetchExperiences(body as never)
  const seq = await newest('/v1/experiences/fetch')
  // Then the world moves on: another clock, and fixtures where "Pro users from email" wants another plan.
  await mock.admin.setClock({ now: '2026-12-24T09:00:00Z' })
  const changed = structuredClone(original) as FixtureFile
  const banner = changed.workspaces[0]!.experiences.find((e) => e.key === 'email-landing-banner')!
  banner.audiences[0]!.conditions = { all: [{ field: 'user.plan', operator: 'equals', value: 'team' }, { field: 'session.utm_medium', operator: 'equals', value: 'email' }] }
  await mock.admin.putFixtures(changed)

  await beat()
  await page.waitForSelector(`#request-list tr[data-seq="${seq}"]`)
  await inspect(page, seq)
  const inspector = page.locator('#inspector')
  t.same(JSON.parse(await inspector.locator('pre[aria-label^="Body of request"]').innerText()), body, 'the body as sent')
  t.match(await inspector.locator('pre[aria-label^="Answer to request"]').innerText(), 'Welcome back! Your pro email offer')
  const decision = inspector.locator('.decision')
  t.match(await decision.innerText(), 'Decided with fixture set 1 (replaced since) at mock clock 2026-07-15 10:00:00 UTC')
  t.match(await decision.locator('.trace[data-key="email-landing-banner"] .tried.matched h6').innerText(), 'Pro users from email', 'the trace of that moment')
  t.match(await decision.locator('.visitor').innerText(), '2026-07-15 10:00:00 UTC')
  await page.evaluate(() => { document.querySelector('#requests')?.scrollIntoView(); document.querySelector('#inspector .decision')?.scrollIntoView({ block: 'nearest' }) })
  await shot('inspector')
  await inspector.locator('button.explain-today').click()
  await page.waitForSelector('#inspector .today')
  const today = inspector.locator('.today')
  t.match(await today.innerText(), /Decided now with fixture set \d+ \(still in force\) at mock clock 2026-12-24 09:00:00 UTC/)
  t.match(await today.locator('.tried.not-matched h6').first().innerText(), 'Pro users from email', 'today the same visitor is not a pro from email')

  // "Simulate this again" puts that request into the form.
  await inspector.locator('button.simulate-again').click()
  t.equal(await page.inputValue('#customer-id'), 'demo-user-1')
  t.strictSame(await tickedKeys(), ['email-landing-banner'])
  t.equal(await page.inputValue('.custom-row .custom-name'), 'utm_medium')
  t.equal(await page.inputValue('.custom-row .custom-value'), 'email')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'customer-id')

  await mock.admin.putFixtures(original)
  await mock.admin.releaseClock()
  await page.click('#keys-all')
})

t.test('the experience selection survives the clock; row selection and focus survive polling, and an unchanged page is not redrawn', async (t) => {
  await page.click('#keys-none')
  await page.check('#experience-keys input[value="loyalty-offer"]')
  await page.fill('#clock-input', '2026-07-20T09:00')
  await page.click('#clock-set')
  await page.waitForFunction(() => document.querySelector('#clock-now')?.textContent?.includes('2026-07-20 09:00 UTC (set)') === true)
  await page.waitForFunction(() => document.querySelector('#experience-clock')?.textContent?.includes('2026-07-20 09:00:00 UTC') === true)
  t.strictSame(await tickedKeys(), ['loyalty-offer'], 'kept across a clock change')

  const seq = await newest('/v1/experiences/fetch')
  await page.locator(`#request-list tr[data-seq="${seq}"] button.inspect`).focus()
  await page.keyboard.press('Enter')
  await page.waitForSelector(`#inspector .inspector-body[data-seq="${seq}"]`)
  const client = mock.client()
  await client.fetchExperiences({ identifiers: { customer_id: 'demo-user-3' } } as never)
  const later = await newest('/v1/experiences/fetch')
  await beat()
  await page.waitForSelector(`#request-list tr[data-seq="${later}"]`)
  const kept = async (when: string): Promise<void> => {
    t.equal(await page.locator(`#request-list tr[data-seq="${seq}"]`).getAttribute('aria-current'), 'true', `the row inspected is still the selected one ${when}`)
    t.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.seq), String(seq), `and the focus is still on it ${when}`)
    t.strictSame(await tickedKeys(), ['loyalty-offer'], `and the ticks ${when}`)
  }
  await kept('after a new row came in')

  // Over several polls of a page where nothing changes (the clock is set, so the header shows a still time),
  // nothing is redrawn at all. The next poll's answer means the last redraw is done.
  await polls(1)
  await page.evaluate(() => {
    const w = window as unknown as { mutations: number }
    w.mutations = 0
    new MutationObserver((records) => { w.mutations += records.length })
      .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
  })
  // Five answers, five seconds on the page's clock: each poll starts only after the one before was rendered (they
  // never overlap).
  await polls(5)
  t.equal(await page.evaluate(() => (window as unknown as { mutations: number }).mutations), 0, 'no DOM mutation')
  await kept('across polling')
  // And something new changes only its row.
  const before = await page.locator('#request-list tbody tr').count()
  await page.evaluate(() => { (window as unknown as { mutations: number }).mutations = 0 })
  await mock.client().fetchExperiences({ identifiers: { customer_id: 'demo-user-1' } } as never)
  await beat()
  await page.waitForFunction((n) => document.querySelectorAll('#request-list tbody tr').length === n + 1, before)
  t.ok(await page.evaluate(() => (window as unknown as { mutations: number }).mutations) <= 3, 'a new request: its row inserted, not the list redrawn')
  await page.click('#clock-release')
  await page.waitForFunction(() => document.querySelector('#clock-now')?.textContent?.includes('(real time)') === true)
  t.strictSame(await tickedKeys(), ['loyalty-offer'], 'kept across "Real time"')
  await page.click('#keys-all')
})

t.test('"Reset the mock" asks first', async (t) => {
  await page.click('#reset')
  await page.waitForSelector('#reset-dialog[open]')
  await page.click('#reset-dialog button[value="cancel"]')
  await page.waitForSelector('#reset-dialog', { state: 'hidden' })
  t.ok(await page.locator('#request-list tbody tr').count() > 0, 'cancelled: the journal is still there')
  await page.click('#reset')
  await page.click('#reset-confirm')
  await page.waitForSelector('#requests-empty:not([hidden])')
  t.equal(await page.locator('#event-list tbody tr').count(), 0, 'the events are cleared too')
  t.equal((await mock.admin.requests()).requests.length, 0)
})

t.test('when the mock is unreachable the page says so, backs off, and recovers', async (t) => {
  await page.route('**/__admin/**', (route) => route.abort('connectionrefused'))
  await beat()
  await page.waitForSelector('#connection.down')
  t.match(await page.locator('#connection').innerText(), /^mock unreachable, retrying in \d+ s$/)
  await page.unroute('**/__admin/**')
  // The retry comes after the back-off: jump past its ceiling (8 s in src/ui/browser/main.ts; were it longer, the
  // wait would only be real again).
  await beat(8000)
  await page.waitForSelector('#connection:not(.down)', { state: 'attached' })
  t.equal(await page.locator('#connection').innerText(), '', 'the message goes once the mock answers')
  const refused = problems.filter((p) => p.includes('ERR_CONNECTION_REFUSED'))
  // At least the one that showed the message, and no more than one per try: the page backs off, never hammers.
  t.ok(refused.length >= 1 && refused.length <= 2, `one failed request per try (${refused.length})`)
  problems.splice(0, problems.length, ...problems.filter((p) => !refused.includes(p)))
})

t.test('on a phone (390×844): no horizontal scrolling, and the section links land below the sticky header', async (t) => {
  const phone = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage()
  watch(phone)
  await phone.goto(`${mock.url}/__ui`)
  await phone.waitForSelector('.experience')
  const noSideways = (): Promise<boolean> => phone.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)
  t.ok(await noSideways(), 'the first screen fits')
  await simulate('demo-user-2', phone)
  const seq = await newest('/v1/experiences/fetch')
  await phone.waitForSelector(`#request-list tr[data-seq="${seq}"]`)
  await inspect(phone, seq)
  t.ok(await noSideways(), 'with a trace and an inspector open')
  await phone.locator('nav a[href="#requests"]').click()
  await phone.waitForFunction(() => location.hash === '#requests')
  const [headerBottom, sectionTop] = await phone.evaluate(() => [
    document.querySelector('.top')!.getBoundingClientRect().bottom,
    document.querySelector('#requests h2')!.getBoundingClientRect().top
  ])
  t.ok(sectionTop! >= headerBottom!, `the heading (${sectionTop}) is below the header (${headerBottom})`)
  await shot('phone', phone)
  await phone.context().close()
})

t.test('axe-core finds no serious or critical accessibility problem on the main views (laptop and phone)', async (t) => {
  // Only here is the page's security policy set aside: axe is injected as a script of its own.
  const context = await browser.newContext({ viewport: LAPTOP, bypassCSP: true })
  const a11y = await context.newPage()
  watch(a11y)
  await a11y.goto(`${mock.url}/__ui`)
  await a11y.waitForSelector('.experience')
  await simulate('demo-user-2', a11y)
  const seq = await newest('/v1/experiences/fetch')
  await a11y.waitForSelector(`#request-list tr[data-seq="${seq}"]`)
  await inspect(a11y, seq)
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await a11y.addScriptTag({ content: axe })
  const serious = async (): Promise<string[]> => await a11y.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: { run: (c: Document) => Promise<AxeResults> } }).axe.run(document)
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact ?? ''}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  t.strictSame(await serious(), [], 'laptop')
  const skipped = await a11y.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.flatMap((h, i) => {
    const level = Number(h.tagName[1])
    const before = i === 0 ? 0 : Number(hs[i - 1]!.tagName[1])
    return level > before + 1 ? [`${h.tagName} "${h.textContent?.trim() ?? ''}" after H${before}`] : []
  }))
  t.strictSame(skipped, [], 'heading levels in order: none skipped')
  await a11y.setViewportSize(PHONE)
  t.strictSame(await serious(), [], 'phone')
  await a11y.click('#reset')
  await a11y.waitForSelector('#reset-dialog[open]')
  t.strictSame(await serious(), [], 'the reset confirmation')
  await a11y.click('#reset-dialog button[value="cancel"]')
  await context.close()
})

t.test('nothing went wrong in the pages meanwhile (no script error, nothing blocked by their security policy)', async (t) => {
  t.strictSame(problems, [])
})
