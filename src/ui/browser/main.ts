// The page's wiring: reads the admin API and the explain endpoint, renders with the helpers in ../render, and
// polls the journals. All markup comes from the render helpers (every value escaped there).
import { createAdminClient, type AdminClient } from '../../client/admin.js'
import { curlCommand } from '../../client/curl.js'
import { appKeyOf } from '../../fixtures/app-key.js'
import type {
  AdminBehaviour, AdminExperiences, AdminFaultRequest, Environment, ExplainResponse, FixtureFile, FixtureWorkspace, JournalEvent
} from '../../generated/types.js'
import { behaviourSummary } from '../render/behaviour.js'
import { experienceCard } from '../render/experiences.js'
import { html, type Html } from '../render/html.js'
import { eventsTable, faultList, requestsTable } from '../render/journals.js'
import { viewerZone } from '../render/time.js'
import { traceView } from '../render/trace.js'
import { DAY_NAMES, HOUR_NAMES, UA_PRESETS, visitorRequest } from '../render/visitor.js'

const POLL_MS = 1000
const FAULT_PRESETS: Readonly<Record<string, AdminFaultRequest>> = {
  'fetch-500': { route: 'fetch', status: 500, times: 3 },
  'fetch-slow': { route: 'fetch', delay_ms: 800 },
  'events-503': { route: 'events', status: 503, times: 1 }
}

/** With --admin-token the page is opened as /__ui?token=…: kept for this tab only, and taken off the address bar. */
function takeToken (): string | undefined {
  const url = new URL(location.href)
  const given = url.searchParams.get('token')
  if (given !== null) {
    sessionStorage.setItem('personalize-mock-admin-token', given)
    url.searchParams.delete('token')
    history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return sessionStorage.getItem('personalize-mock-admin-token') ?? undefined
}

function $<T extends HTMLElement = HTMLElement> (id: string): T {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`#${id} is missing from the page`)
  return el as T
}

function show (target: string | HTMLElement, content: Html): void {
  (typeof target === 'string' ? $(target) : target).innerHTML = content.text
}

/** Shows an error; one from a poll (`from: 'poll'`) goes away when a poll works again, one from an action stays. */
function fail (err: unknown, from: 'poll' | 'action' = 'action'): void {
  const box = $('error')
  box.textContent = err instanceof Error ? err.message : String(err)
  box.dataset.from = from
  box.hidden = false
}

function recovered (): void {
  const box = $('error')
  if (box.dataset.from === 'poll') box.hidden = true
}

function base64 (text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
}

const state = {
  admin: undefined as unknown as AdminClient,
  fixtures: undefined as FixtureFile | undefined,
  experiences: undefined as AdminExperiences | undefined,
  behaviour: undefined as AdminBehaviour | undefined,
  workspace: '',
  /** Bumped when the workspace changes or the mock is reset: a poll answered after that is dropped. */
  generation: 0,
  events: [] as JournalEvent[]
}

const EVENTS_SHOWN = 200
const REQUESTS_SHOWN = 100

function currentWorkspace (): FixtureWorkspace | undefined {
  return state.fixtures?.workspaces.find((w) => w.id === state.workspace)
}

function currentView (): AdminExperiences['workspaces'][number] | undefined {
  return state.experiences?.workspaces.find((w) => w.id === state.workspace)
}

async function loadFixtures (): Promise<void> {
  const [fixtures, experiences, health] = await Promise.all([state.admin.getFixtures(), state.admin.experiences(), state.admin.health()])
  state.fixtures = fixtures
  state.experiences = experiences
  state.behaviour = health.behaviour
  if (!fixtures.workspaces.some((w) => w.id === state.workspace)) state.workspace = fixtures.workspaces[0]?.id ?? ''
  show('workspace', html`${fixtures.workspaces.map((w) => html`<option value="${w.id}" ${w.id === state.workspace ? html`selected` : ''}>${w.id}</option>`)}`)
  renderWorkspace()
}

function renderWorkspace (): void {
  const view = currentView()
  show('behaviour', state.behaviour === undefined ? html`` : behaviourSummary(state.behaviour, state.workspace))
  const viewer = viewerZone()
  if (view === undefined || view.experiences.length === 0) {
    show('experience-list', html`<p class="empty">This workspace has no experiences.</p>`)
  } else {
    const clock = html`<p class="muted">Workspace time zone ${view.time_zone}; mock clock ${state.experiences?.now ?? ''}.</p>`
    const cards = view.experiences.map((e) => experienceCard(e, viewer))
    show('experience-list', html`${clock}<div class="cards">${cards}</div>`)
  }
  const keyChoices = (view?.experiences ?? []).map((e) =>
    html`<label><input type="checkbox" name="experience_key" value="${e.key}" checked> <code>${e.key}</code></label>`)
  show('experience-keys', html`${keyChoices}`)
  renderCustomerIds()
  state.generation++
  state.events = []
  renderEvents()
}

/** Suggestions for the customer id: the fixture users of the environment chosen (Live's users, or test_users). */
function renderCustomerIds (): void {
  const ws = currentWorkspace()
  const users = formEnvironment() === 'test' ? ws?.test_users : ws?.users
  show('customer-ids', html`${(users ?? []).map((u) => html`<option value="${u.customer_id}"></option>`)}`)
}

function customRow (name = '', value = ''): Html {
  const keyField = html`<label>In-session key <input class="custom-name" value="${name}" placeholder="utm_medium" autocomplete="off"></label>`
  const valueField = html`<label>Value <input class="custom-value" value="${value}" autocomplete="off"></label>`
  return html`<div class="custom-row">${keyField}${valueField}</div>`
}

function formRequest (): ReturnType<typeof visitorRequest> {
  const value = (id: string): string => $<HTMLInputElement>(id).value
  const rows = [...document.querySelectorAll<HTMLElement>('.custom-row')].map((row) => [
    row.querySelector<HTMLInputElement>('.custom-name')?.value ?? '',
    row.querySelector<HTMLInputElement>('.custom-value')?.value ?? ''
  ] as const)
  return visitorRequest({
    customerId: value('customer-id'),
    identifiers: { u_em: value('u-em'), u_mb: value('u-mb') },
    keys: [...document.querySelectorAll<HTMLInputElement>('#experience-keys input:checked')].map((i) => i.value),
    day: value('day'),
    hour: value('hour'),
    ip: value('ip'),
    userAgent: value('user-agent'),
    custom: rows
  })
}

/** The MOE-APPKEY of the environment chosen in the form (the Test one also serves as the Basic user name). */
function formAppKey (workspaceId: string): string {
  return appKeyOf(workspaceId, formEnvironment())
}

function formEnvironment (): Environment {
  return $<HTMLSelectElement>('environment').value === 'test' ? 'test' : 'live'
}

/** The same request to fetch (what the app gets, faults included) and to explain (why). */
async function simulate (): Promise<void> {
  const ws = currentWorkspace()
  if (ws === undefined) return
  const body = formRequest()
  const appKey = formAppKey(ws.id)
  const headers = { 'content-type': 'application/json', 'moe-appkey': appKey, authorization: `Basic ${base64(`${appKey}:${ws.personalize_api_key}`)}` }
  // Nothing of the previous visitor stays on screen while (or if) this one fails.
  $('fetch-status').textContent = 'sending…'
  $('fetch-status').className = 'status'
  $('fetch-response').textContent = ''
  show('trace', html``)
  $('simulate-button').setAttribute('aria-busy', 'true')
  try {
    const [fetched, explained] = await Promise.allSettled([
      fetch('/v1/experiences/fetch', { method: 'POST', headers, body: JSON.stringify(body) }).then(async (r) => ({ r, text: await r.text() })),
      fetch('/__mock/explain', { method: 'POST', headers, body: JSON.stringify(body) })
        .then(async (r) => await r.json() as ExplainResponse | { title: string, description: string })
    ])
    if (fetched.status === 'fulfilled') {
      const { r, text } = fetched.value
      $('fetch-status').textContent = `HTTP ${r.status} ${r.statusText}`
      $('fetch-status').className = r.ok ? 'status s2xx' : 'status s5xx'
      $('fetch-response').textContent = pretty(text)
    } else {
      $('fetch-status').textContent = `no answer: ${reasonOf(fetched.reason)}`
      $('fetch-status').className = 'status dropped'
    }
    if (explained.status === 'rejected') {
      show('trace', html`<p class="error">The explanation could not be read: ${reasonOf(explained.reason)}</p>`)
    } else if ('experiences' in explained.value) {
      const audiencesOf = (key: string) => currentView()?.experiences.find((e) => e.key === key)?.audiences
      show('trace', traceView(explained.value, audiencesOf))
    } else {
      show('trace', html`<p class="error">${explained.value.title}: ${explained.value.description}</p>`)
    }
  } finally {
    $('simulate-button').removeAttribute('aria-busy')
  }
}

function reasonOf (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function pretty (text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

async function copyCurl (): Promise<void> {
  const ws = currentWorkspace()
  if (ws === undefined) return
  // Always the form as it is now, in the workspace shown now.
  const command = curlCommand({
    url: `${location.origin}/v1/experiences/fetch`,
    workspace: { id: formAppKey(ws.id), key: ws.personalize_api_key },
    body: formRequest()
  })
  const box = $('curl')
  box.textContent = command
  box.hidden = false
  try {
    await navigator.clipboard.writeText(command)
    $('copied').textContent = 'copied'
  } catch {
    // No clipboard (an insecure origin, a denied permission): the command is shown to copy by hand.
    $('copied').textContent = 'select the command below to copy it'
  }
}

function renderEvents (): void {
  show('event-list', eventsTable(state.events, $<HTMLInputElement>('event-filter').value))
}

/**
 * The newest events, read whole each time: a duplicate changes an event already listed (its count) without a new
 * seq, so merging by seq would miss it.
 */
async function pollEvents (): Promise<void> {
  if (state.workspace === '') return
  const asked = state.generation
  const journal = await state.admin.events({ workspace: state.workspace, last: EVENTS_SHOWN })
  if (asked !== state.generation) return
  state.events = journal.events
  renderEvents()
}

async function pollRequestsAndFaults (): Promise<void> {
  const [requests, faults, clock] = await Promise.all([state.admin.requests({ last: REQUESTS_SHOWN }), state.admin.faults(), state.admin.clock()])
  show('request-list', requestsTable(requests.requests))
  show('fault-list', faultList(faults.faults))
  $('clock-now').textContent = `clock ${clock.now.slice(0, 19).replace('T', ' ')} UTC (${clock.clock})`
}

function every (ms: number, task: () => Promise<void>): void {
  const run = (): void => { task().then(recovered, (err: unknown) => { fail(err, 'poll') }).finally(() => setTimeout(run, ms)) }
  run()
}

function on (id: string, event: string, handler: (e: Event) => Promise<void> | void): void {
  $(id).addEventListener(event, (e) => { Promise.resolve(handler(e)).catch(fail) })
}

async function start (): Promise<void> {
  state.admin = createAdminClient({ url: location.origin, token: takeToken() })
  show('day', html`<option value="">from the mock's clock</option>${DAY_NAMES.map((d) => html`<option>${d}</option>`)}`)
  show('hour', html`<option value="">from the mock's clock</option>${HOUR_NAMES.map((h) => html`<option>${h}</option>`)}`)
  show('custom-keys', customRow('utm_medium'))

  on('workspace', 'change', (e) => { state.workspace = (e.target as HTMLSelectElement).value; renderWorkspace() })
  on('environment', 'change', renderCustomerIds)
  on('visitor-form', 'submit', async (e) => { e.preventDefault(); await simulate() })
  on('copy-curl', 'click', copyCurl)
  on('add-custom', 'click', () => { $('custom-keys').insertAdjacentHTML('beforeend', customRow().text) })
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-ua]')) {
    button.addEventListener('click', () => { $<HTMLInputElement>('user-agent').value = UA_PRESETS[button.dataset.ua as keyof typeof UA_PRESETS] })
  }
  on('clock-set', 'click', async () => {
    const local = $<HTMLInputElement>('clock-input').value
    if (local === '') return
    await state.admin.setClock({ now: new Date(`${local}Z`).toISOString() })
    await Promise.all([loadFixtures(), pollRequestsAndFaults()])
  })
  on('clock-release', 'click', async () => { await state.admin.releaseClock(); await Promise.all([loadFixtures(), pollRequestsAndFaults()]) })
  on('event-filter', 'input', renderEvents)
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-fault]')) {
    button.addEventListener('click', () => {
      const rule = FAULT_PRESETS[button.dataset.fault ?? '']
      if (rule !== undefined) state.admin.addFault(rule).then(pollRequestsAndFaults).catch(fail)
    })
  }
  on('faults-clear', 'click', async () => { await state.admin.clearFaults(); await pollRequestsAndFaults() })
  on('reset', 'click', async () => { await state.admin.reset(); await loadFixtures(); await pollRequestsAndFaults() })

  await loadFixtures()
  every(POLL_MS, pollEvents)
  every(POLL_MS, pollRequestsAndFaults)
}

start().catch(fail)
