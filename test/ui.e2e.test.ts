// The debugging page in a real browser (Debian's chromium, driven by playwright-core; `.ci/run` installs it when
// missing): the experiences, two visitors who get different variations with the failing condition highlighted,
// an event sent through the API appearing with its badge, and a fault making the next fetch fail.
// Screenshots go to test-output/ui/ (ignored by git).
import t from 'tap'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { buildEvent } from '../src/client/events.js'
import { curlCommand } from '../src/client/curl.js'
import { startMockServer, type RunningMock } from '../src/server/start.js'
import { root } from './helpers/cli.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SHOTS = path.join(root, 'test-output', 'ui')

let browser: Browser
let mock: RunningMock
let page: Page
const problems: string[] = []

t.before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`)
  mkdirSync(SHOTS, { recursive: true })
  // One switch off its default, so the page has a behaviour to show (no flow below depends on it).
  mock = await startMockServer({ rateLimit: false, behaviour: { metadata_empty_status: 'none' } })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } })
  // A bound on each wait for the page, not a measure: generous, so a loaded machine does not trip it.
  page.setDefaultTimeout(30_000)
  // The page's timers run on a clock the test can move: time flows as usual, and pollNow() jumps it ahead.
  await page.clock.install()
  // Any script error or blocked resource (a Content Security Policy violation included) fails the run.
  page.on('pageerror', (err) => problems.push(String(err)))
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
  await page.goto(`${mock.url}/__ui`)
})

t.teardown(async () => {
  await browser?.close()
  await mock?.close()
})

/** The page reads the journals every second: jump its clock a second ahead, so the next reading happens now. */
const pollNow = (): Promise<void> => page.clock.fastForward(1000)

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false })

async function simulate (customerId: string): Promise<void> {
  await page.fill('#customer-id', customerId)
  await page.locator('.custom-row .custom-value').first().fill('email')
  const answered = page.waitForResponse((r) => r.url().endsWith('/__mock/explain'))
  await page.click('#simulate-button')
  await answered
  await page.waitForSelector('.trace[data-key="email-landing-banner"]')
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

t.test('two visitors get different variations; the trace highlights the condition that failed and what it saw', async (t) => {
  await simulate('demo-user-1')
  t.match(await page.locator('#fetch-status').innerText(), 'HTTP 200')
  t.match(await page.locator('#fetch-response').innerText(), 'Welcome back! Your pro email offer: 20% off')
  const first = page.locator('.trace[data-key="email-landing-banner"]')
  t.equal(await first.locator('.badge').first().innerText(), 'served')
  t.match(await first.locator('.tried.matched h5').innerText(), 'Pro users from email')

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
  await page.evaluate(() => document.querySelector('.results')?.scrollIntoView())
  await shot('simulate')

  // Copy as curl gives the form as it is now (edited after the last simulation), not the request last sent.
  await page.fill('#customer-id', 'demo-user-9')
  await page.selectOption('#hour', '07')
  await page.click('#copy-curl')
  const curl = await page.locator('#curl').innerText()
  const keys = (await mock.admin.experiences()).workspaces[0]!.experiences.map((e) => e.key)
  const expected = { identifiers: { customer_id: 'demo-user-9' }, experience_key: keys, TIME_OF_THE_DAY: '07', utm_medium: 'email' }
  t.same(JSON.parse(/-d '(.*)'$/s.exec(curl)?.[1] ?? '{}'), expected, 'the body of the form as edited')
  t.equal(curl.replace(/ -d '.*'$/s, ''), curlCommand({ url: `${mock.url}/v1/experiences/fetch`, workspace: { id: 'DEMO_WORKSPACE', key: 'demo-personalize-key' }, body: {} }).replace(/ -d '.*'$/s, ''), 'headers and credentials of the workspace')
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

t.test('an event sent through the API appears with its context-check badge, filterable by customer', async (t) => {
  const client = mock.client()
  const served = (await client.fetchExperiences({ identifiers: { customer_id: 'demo-user-2' }, experience_key: ['email-landing-banner'], utm_medium: 'email' } as never)).experiences['email-landing-banner']!
  await client.trackEvents({ elements: [buildEvent({ customerId: 'demo-user-2', action: 'MOE_PERSONALIZATION_MESSAGE_SHOWN', context: served.experience_context })] })
  await client.trackEvents({ elements: [buildEvent({ customerId: 'demo-user-3', action: 'MOE_PERSONALIZATION_MESSAGE_CLICKED', context: { ...served.experience_context, cid: served.experience_context.cid.replace(/^[0-9a-f]{24}/, 'ffffffffffffffffffffffff') } })] })
  await pollNow()
  await page.waitForSelector('#event-list tr[data-seq="2"]')
  t.equal(await page.locator('#event-list tr:has-text("demo-user-2") .badge').innerText(), 'ok')
  // A retry resends the same moe_event_uuid: the row already shown counts it (no new row).
  const impression = (await mock.admin.events({ customer_id: 'demo-user-2' })).events[0]!
  const resend = { elements: [{ customer_id: 'demo-user-2', actions: [{ action: impression.action, moe_event_uuid: impression.moe_event_uuid, event_time: impression.event_time, attributes: impression.attributes }] }] }
  await client.trackEvents(resend as never)
  await client.trackEvents(resend as never)
  await pollNow()
  await page.waitForFunction(() => document.querySelector('#event-list tr[data-seq="1"] td:last-child')?.textContent === '×3')
  t.equal(await page.locator('#event-list tbody tr').count(), 2, 'still two events')
  t.equal(await page.locator('#event-list tr:has-text("demo-user-3") .badge').innerText(), 'unknown cid')
  await page.fill('#event-filter', 'user-2')
  t.equal(await page.locator('#event-list tbody tr').count(), 1, 'the filter keeps that customer\'s events')
  await page.evaluate(() => document.querySelector('#events')?.scrollIntoView())
  await shot('events')
  await page.fill('#event-filter', '')
})

t.test('a fault added from the page makes the next fetch fail, and the request journal shows it', async (t) => {
  await page.click('button[data-fault="fetch-500"]')
  await page.waitForSelector('#fault-list li')
  t.match(await page.locator('#fault-list li').innerText(), 'fetch: 500, 3 left')
  await page.click('#simulate-button')
  await page.waitForFunction(() => document.querySelector('#fetch-status')?.textContent?.startsWith('HTTP 500') === true)
  t.match(await page.locator('#fetch-response').innerText(), '"title": "500 Internal Server Error"')
  await pollNow()
  await page.waitForSelector('#request-list .status.s5xx')
  const newestFetch = page.locator('#request-list tbody tr:has-text("/v1/experiences/fetch")').first()
  t.equal(await newestFetch.locator('.status').innerText(), '500', 'the newest fetch in the journal is a 500')
  t.match(await newestFetch.innerText(), /fault \d+/, 'marked with its fault')
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

t.test('a visit simulated in the Test environment reaches it: Test\'s users, and a test badge in the request journal', async (t) => {
  t.equal(await page.locator('#customer-ids option').count(), 3, 'Live suggests the fixture users')
  await page.selectOption('#environment', 'test')
  t.equal(await page.locator('#customer-ids option').count(), 0, 'Test suggests its test_users: the demo has none')
  await simulate('demo-user-1')
  t.match(await page.locator('#fetch-status').innerText(), 'HTTP 200')
  await page.waitForFunction(() => document.querySelector('#fetch-response')?.textContent?.includes('Thanks for reading our email') === true)
  t.match(await page.locator('.visitor').innerText(), 'anonymous or unknown', 'the fixture users are Live\'s')
  const newestFetch = page.locator('#request-list tbody tr:has-text("/v1/experiences/fetch")').first()
  await pollNow()
  await page.waitForFunction(() => document.querySelector('#request-list tbody tr .env-test') !== null)
  t.equal(await newestFetch.locator('.badge.env-test').innerText(), 'test')
  await page.selectOption('#environment', 'live')
})

t.test('nothing went wrong in the page meanwhile (no script error, nothing blocked by its security policy)', async (t) => {
  t.strictSame(problems, [])
})
